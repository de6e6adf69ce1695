import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { sized } from './support/mode';
import type { Row } from './support/stats';

const BARE_APP = resolve(__dirname, 'support/bare-app.js');
const CONNECTIONS = 64;
const DURATION_SECONDS = sized(10, 1);

export const BARE_ENDPOINT = 'bare NestJS on Fastify, GET returning a constant';

/** The bare endpoint in its own process, as the API runs in its own, measured by autocannon at 64 connections. */
export async function benchBareEndpoint(): Promise<Row[]> {
  const child = spawn(process.execPath, [BARE_APP], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    while (!/listening on (http:\/\/\S+)/.test(output)) {
      if (child.exitCode !== null) throw new Error(`the bare app exited:\n${output}`);
      await new Promise((r) => setTimeout(r, 25));
    }
    const url = /listening on (http:\/\/\S+)/.exec(output)![1];
    const result = await autocannon({ url, connections: CONNECTIONS, duration: DURATION_SECONDS });
    return [
      {
        endpoint: BARE_ENDPOINT,
        connections: CONNECTIONS,
        seconds: DURATION_SECONDS,
        'requests/s': Math.round(result.requests.average),
        'p50 ms': result.latency.p50,
        'p99 ms': result.latency.p99,
        'non-2xx/errors': result.non2xx + result.errors + result.timeouts,
      },
    ];
  } finally {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
  }
}
