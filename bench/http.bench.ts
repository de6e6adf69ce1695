import autocannon from 'autocannon';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BenchApi, startBenchApi } from './support/api';
import { percentile, round, type Row } from './support/stats';
import { QUICK, sized } from './support/mode';
const DURATION_SECONDS = sized(15, 1);
const CONNECTIONS = 64;

const opportunity = (ownerId: string | undefined) =>
  JSON.stringify({
    title: 'Bench deal',
    accountName: 'Acme',
    ...(ownerId ? { ownerId } : {}),
    amount: { amountMinor: 1_250_000, currency: 'USD' },
    expectedCloseDate: '2099-12-31',
    source: 'web',
  });

/**
 * Each connection loops: open an opportunity, move it to qualification, then to proposal. Opened
 * by an admin for a named owner, then without one: the assignment rule (round-robin over the 35
 * seeded reps, one rotor stream for the whole pool) chooses, and a follow-up task is made.
 */
export async function benchHttp(): Promise<Row[]> {
  // The owner is a rep of the seeded team: owners are active members of the team directory.
  const owned = (api: BenchApi) => flow(api, 'open for an owner + 2 stage changes', 'darcel-schlecht');
  const unowned = (api: BenchApi) => flow(api, 'open unowned (round-robin) + 2 stage changes', undefined);
  // Each flow on a fresh API and data folder; a quick run starts one for both (a start is seconds of a smoke test).
  if (QUICK) return withFreshApi(async (api) => [await owned(api), await unowned(api)]);
  return [await withFreshApi(owned), await withFreshApi(unowned)];
}

async function withFreshApi<T>(run: (api: BenchApi) => Promise<T>): Promise<T> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-http-'));
  const api = await startBenchApi(dataDir);
  try {
    return await run(api);
  } finally {
    await api.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function flow(api: BenchApi, name: string, ownerId: string | undefined): Promise<Row> {
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
        body: opportunity(ownerId),
        onResponse: (_status, body, context) => {
          (context as { id?: string }).id = (JSON.parse(body) as { id: string }).id;
        },
      },
      stage('qualification'),
      stage('proposal'),
    ],
  });
  const failures = result.non2xx + result.errors + result.timeouts;
  return {
    flow: name,
    connections: CONNECTIONS,
    seconds: DURATION_SECONDS,
    commands: result.requests.total,
    'commands/s': Math.round(result.requests.average),
    'p50 ms': result.latency.p50,
    'p99 ms': result.latency.p99,
    'non-2xx/errors': failures,
  };
}

const VISIBLE_RATE = 1_000;
/** The background load's length; probes run for all of it but the last 2 s. */
const VISIBLE_SECONDS = sized(12, 4);

/**
 * Append → visible at 1,000 commands/s: opens for an owner sent at that rate by autocannon (32
 * connections), and meanwhile one probe after another: a command, then a read of its record with
 * the command's position (`minPosition`, which waits for the read model), timed from the command's
 * answer to the read's. The rate the background load reached is in the row.
 */
export async function benchAppendToVisible(): Promise<Row[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-visible-'));
  const api = await startBenchApi(dataDir);
  try {
    const headers = { authorization: `Bearer ${api.token}`, 'content-type': 'application/json' };
    const body = opportunity('darcel-schlecht');
    const load = autocannon({ url: `${api.url}/opportunities`, method: 'POST', headers, body, connections: 32, overallRate: VISIBLE_RATE, duration: VISIBLE_SECONDS });
    const samples: number[] = [];
    const until = Date.now() + (VISIBLE_SECONDS - 2) * 1000;
    while (Date.now() < until) {
      const answer = (await (await fetch(`${api.url}/opportunities`, { method: 'POST', headers, body })).json()) as { id: string; position: string };
      const started = performance.now();
      const seen = await fetch(`${api.url}/opportunities/${answer.id}?minPosition=${answer.position}`, { headers });
      if (seen.status === 200) samples.push(performance.now() - started);
      await seen.arrayBuffer();
    }
    const background = await load;
    samples.sort((a, b) => a - b);
    return [
      {
        measure: `append → visible (read with minPosition), ${VISIBLE_RATE} commands/s asked of the background load`,
        'background commands/s': Math.round(background.requests.average),
        'background p99 ms': background.latency.p99,
        'background non-2xx/errors': background.non2xx + background.errors + background.timeouts,
        samples: samples.length,
        'p50 ms': round(percentile(samples, 50), 1),
        'p99 ms': round(percentile(samples, 99), 1),
      },
    ];
  } finally {
    await api.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
