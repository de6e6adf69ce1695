import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { client } from './http';

export const ROOT = resolve(__dirname, '../../..');
const MAIN = join(ROOT, 'dist/apps/sales-api/src/main.js');
export const SALESCTL = join(ROOT, 'dist/apps/salesctl/src/main.js');

export type RunningApi = {
  url: string;
  tokens: Record<string, string>;
  process: ChildProcess;
  output: () => string;
  stop: (signal?: NodeJS.Signals) => Promise<void>;
};

/** Every API a test file started: one still running when the file ends (a test failed before stopping it) is killed, or Jest would never exit. */
const running = new Set<ChildProcess>();
afterAll(() => {
  for (const child of running) child.kill('SIGKILL');
});

export const newDataDir = (): string => mkdtempSync(join(tmpdir(), 'sales-ledger-e2e-'));
export const removeDataDir = (dir: string): void => rmSync(dir, { recursive: true, force: true });

/** Starts the built API exactly as `npm start` does (embedded store), on a free port, and reads its banner. */
export async function startApi(dataDir: string, env: Record<string, string> = {}): Promise<RunningApi> {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run "npm run build" first (npm test does)`);
  const child = spawn(process.execPath, [MAIN], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      EVENTSTORE_URL: '',
      MONGODB_URL: '',
      DEMO_DATA: 'off',
      // Load and concurrency tests send thousands of requests a minute from one address; the rate-limit tests set low limits.
      RATE_LIMIT_PER_MINUTE: '1000000',
      RATE_LIMIT_PER_IP_PER_MINUTE: '1000000',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  // Generous: a start on a busy 2-core CI machine, with fifteen consumers resuming, is not what is measured here.
  const deadline = Date.now() + 60_000;
  while (!/Demo tokens[\s\S]*admin\s+\S+/.test(output)) {
    if (child.exitCode !== null) throw new Error(`API exited early:\n${output}`);
    if (Date.now() > deadline) {
      // A child left running would keep Jest from ever exiting.
      child.kill('SIGKILL');
      throw new Error(`API did not start in time:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  const url = /listening on (http:\/\/\S+)/.exec(output)![1];
  const tokens = Object.fromEntries([...output.matchAll(/^\s{2}(\w+)\s+(eyJ\S+)$/gm)].map((m) => [m[1], m[2]]));
  return {
    url,
    tokens,
    process: child,
    output: () => output,
    stop: async (signal: NodeJS.Signals = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

/** Until every projection and process manager has applied the whole log (the seeded team, say). */
export async function waitUntilCaughtUp(api: Pick<RunningApi, 'url' | 'tokens'>): Promise<void> {
  for (let i = 0; i < 400; i += 1) {
    const status = await client(api.url, api.tokens.admin).get('/projections');
    if ((status.body.projections as Array<{ lagEvents: number }>).every((p) => p.lagEvents === 0)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('projections did not catch up');
}

/** One API for a describe block: started on a fresh data folder before its tests, stopped and removed after. */
export function useApiPerSuite(): { readonly api: RunningApi; readonly dataDir: string } {
  const suite = {} as { api: RunningApi; dataDir: string };
  beforeAll(async () => {
    suite.dataDir = newDataDir();
    suite.api = await startApi(suite.dataDir);
    await waitUntilCaughtUp(suite.api);
  });
  afterAll(async () => {
    await suite.api?.stop();
    removeDataDir(suite.dataDir);
  });
  return suite;
}
