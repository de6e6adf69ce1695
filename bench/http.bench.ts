import autocannon from 'autocannon';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Row } from './support/stats';

const MAIN = resolve(__dirname, '../apps/sales-api/src/main.js');
const DURATION_SECONDS = 15;
const CONNECTIONS = 64;

type Api = { url: string; token: string; child: ChildProcess };

async function startApi(dataDir: string): Promise<Api> {
  const child = spawn(process.execPath, [MAIN], {
    env: { ...process.env, DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', EVENTSTORE_URL: '' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  while (!/admin\s+eyJ/.test(output)) {
    if (child.exitCode !== null) throw new Error(`API exited:\n${output}`);
    await new Promise((r) => setTimeout(r, 25));
  }
  return { url: /listening on (http:\/\/\S+)/.exec(output)![1], token: /^\s+rep\s+(eyJ\S+)$/m.exec(output)![1], child };
}

const opportunity = JSON.stringify({
  title: 'Bench deal',
  accountName: 'Acme',
  amount: { amountMinor: 1_250_000, currency: 'USD' },
  expectedCloseDate: '2099-12-31',
  source: 'web',
});

/** Each connection loops: open an opportunity, move it to qualification, then to proposal. */
export async function benchHttp(): Promise<Row[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-http-'));
  const api = await startApi(dataDir);
  try {
    const headers = { authorization: `Bearer ${api.token}`, 'content-type': 'application/json' };
    const stage = (to: string): autocannon.Request => ({
      method: 'POST',
      headers,
      setupRequest: (request, context) => ({ ...request, path: `/opportunities/${String((context as { id?: string }).id)}/stage`, body: JSON.stringify({ stage: to }) }),
    });
    const result = await autocannon({
      url: api.url,
      connections: CONNECTIONS,
      duration: DURATION_SECONDS,
      requests: [
        {
          method: 'POST',
          path: '/opportunities',
          headers,
          body: opportunity,
          onResponse: (_status, body, context) => {
            (context as { id?: string }).id = (JSON.parse(body) as { id: string }).id;
          },
        },
        stage('qualification'),
        stage('proposal'),
      ],
    });
    const failures = result.non2xx + result.errors + result.timeouts;
    return [
      {
        flow: 'open + 2 stage changes',
        connections: CONNECTIONS,
        seconds: DURATION_SECONDS,
        commands: result.requests.total,
        'commands/s': Math.round(result.requests.average),
        'p50 ms': result.latency.p50,
        'p99 ms': result.latency.p99,
        'non-2xx/errors': failures,
      },
    ];
  } finally {
    api.child.kill('SIGTERM');
    await new Promise((r) => api.child.once('exit', r));
    rmSync(dataDir, { recursive: true, force: true });
  }
}
