import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';

const MAIN = resolve(__dirname, '../../apps/sales-api/src/main.js');

export type BenchApi = { url: string; token: string; child: ChildProcess; stop: () => Promise<void> };

/** The built API on a data folder, embedded store, request logs off. */
export async function startBenchApi(dataDir: string, env: Record<string, string> = {}): Promise<BenchApi> {
  const child = spawn(process.execPath, [MAIN], {
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      EVENTSTORE_URL: '',
      MONGODB_URL: '',
      DEMO_DATA: 'off',
      // 64 connections on one token and one address: limits far above what the bench sends, so that they are counted but never reached.
      RATE_LIMIT_PER_MINUTE: '1000000000',
      RATE_LIMIT_PER_IP_PER_MINUTE: '1000000000',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  while (!/admin\s+eyJ/.test(output)) {
    if (child.exitCode !== null) throw new Error(`API exited:\n${output}`);
    await new Promise((r) => setTimeout(r, 25));
  }
  return {
    url: /listening on (http:\/\/\S+)/.exec(output)![1],
    token: /^\s+admin\s+(eyJ\S+)$/m.exec(output)![1],
    child,
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    },
  };
}
