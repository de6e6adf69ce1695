import autocannon from 'autocannon';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CommandContext, SqliteEventStore } from '@ledger/event-sourcing';
import { SqliteReadStore, rebuildProjections } from '@ledger/read-store';
import { STAGES, decideOpportunity, salesProjections } from '@ledger/sales';
import { startBenchApi } from './support/api';
import { type Row, percentile, round } from './support/stats';

const OPPORTUNITIES = 100_000;

/** 100k opportunities through the real command path: opened, moved on, a third closed. */
async function seed(dataDir: string): Promise<number> {
  const store = new SqliteEventStore(join(dataDir, 'events.db'));
  let n = 0;
  const context = (): CommandContext => {
    n += 1;
    return { commandId: `seed-${n}`, correlationId: 'seed', causationId: 'seed', actor: { userId: 'seed', role: 'admin' }, occurredAt: new Date(Date.UTC(2026, 0, 1) + n * 1000).toISOString() };
  };
  const one = async (i: number): Promise<void> => {
    const id = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
    const run = (command: object) => decideOpportunity(store, id, { ...command, opportunityId: id } as never, context());
    await run({
      type: 'OpenOpportunity',
      title: `Deal ${i}`,
      accountId: `00000000-0000-4000-9000-${String(i % 850).padStart(12, '0')}`,
      accountName: `Account ${i % 850}`,
      ownerId: `rep-${i % 35}`,
      amount: { amountMinor: 10_000 + ((i * 7919) % 5_000_000), currency: i % 5 === 0 ? 'EUR' : 'USD' },
      expectedCloseDate: new Date(Date.UTC(2026, 1, 1) + (i % 700) * 86_400_000).toISOString().slice(0, 10),
      source: 'web',
      productInterest: null,
    });
    await run({ type: 'ChangeStage', stage: STAGES[1 + (i % 4)], reason: null });
    if (i % 3 === 0) await run({ type: 'MarkWon' });
    else if (i % 3 === 1) await run({ type: 'MarkLost', reason: 'price', competitor: null });
  };
  for (let start = 0; start < OPPORTUNITIES; start += 500) {
    await Promise.all(Array.from({ length: Math.min(500, OPPORTUNITIES - start) }, (_, k) => one(start + k)));
  }
  const events = Number((await store.lastPosition())!.commit);
  await store.close();
  return events;
}

async function rebuild(dataDir: string): Promise<Row> {
  const events = new SqliteEventStore(join(dataDir, 'events.db'));
  const readModels = new SqliteReadStore(join(dataDir, 'read-models.db'));
  const result = await rebuildProjections(events, readModels, salesProjections);
  await readModels.close();
  await events.close();
  return { measure: `rebuild every read model (${salesProjections.length} projections, embedded)`, events: result.events, seconds: round(result.seconds, 2), 'events/s': result.eventsPerSecond };
}

async function queryLatency(url: string, token: string, path: string): Promise<Row> {
  const result = await autocannon({ url: `${url}${path}`, connections: 4, duration: 8, headers: { authorization: `Bearer ${token}` } });
  return { query: `GET ${path}`, opportunities: OPPORTUNITIES, 'requests/s': Math.round(result.requests.average), 'p50 ms': result.latency.p50, 'p99 ms': result.latency.p99, 'non-2xx': result.non2xx };
}

/** Append-to-visible: a command's answer, then a read with its position, while other writers keep a steady load. */
async function lag(url: string, token: string): Promise<Row> {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const body = JSON.stringify({ title: 'Lag probe', accountName: 'Acme', amount: { amountMinor: 1000, currency: 'USD' }, expectedCloseDate: '2099-01-01', source: 'web' });
  const load = autocannon({ url: `${url}/opportunities`, method: 'POST', headers, body, connections: 8, overallRate: 300, duration: 12 });
  const samples: number[] = [];
  const until = Date.now() + 10_000;
  while (Date.now() < until) {
    const answer = (await (await fetch(`${url}/opportunities`, { method: 'POST', headers, body })).json()) as { id: string; position: string };
    const started = performance.now();
    const seen = await fetch(`${url}/opportunities/${answer.id}?minPosition=${answer.position}`, { headers });
    if (seen.status === 200) samples.push(performance.now() - started);
    await seen.arrayBuffer();
  }
  await load;
  samples.sort((a, b) => a - b);
  return { measure: 'append → visible (read with minPosition), 300 commands/s background load', samples: samples.length, 'p50 ms': round(percentile(samples, 50), 1), 'p99 ms': round(percentile(samples, 99), 1) };
}

async function untilCaughtUp(url: string, token: string): Promise<number> {
  for (;;) {
    const status = (await (await fetch(`${url}/projections`, { headers: { authorization: `Bearer ${token}` } })).json()) as {
      projections: Array<{ lagEvents: number }>;
    };
    if (status.projections.every((p) => p.lagEvents === 0)) return status.projections.length;
    // GET /projections reads up to 1,000 events per consumer to count its lag: poll gently.
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

export async function benchReadSide(): Promise<{ rebuild: Row[]; catchUp: Row[]; queries: Row[]; lag: Row[] }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-read-side-'));
  try {
    const events = await seed(dataDir);
    process.stdout.write(`  seeded ${OPPORTUNITIES} opportunities, ${events} events\n`);
    const rebuilt = await rebuild(dataDir);
    process.stdout.write(`  ${JSON.stringify(rebuilt)}\n`);
    const started = performance.now();
    const api = await startBenchApi(dataDir);
    try {
      // A rebuild leaves the process managers' checkpoints alone; on a log they never saw, they catch up first.
      const caughtUp = await untilCaughtUp(api.url, api.token);
      const catchUp: Row = {
        measure: 'API start → every projection and process manager caught up (process managers from zero)',
        events,
        seconds: round((performance.now() - started) / 1000, 2),
        consumers: caughtUp,
      };
      process.stdout.write(`  ${JSON.stringify(catchUp)}\n`);
      const queries: Row[] = [];
      for (const path of ['/pipeline', '/forecast', '/opportunities?limit=50', '/opportunities?ownerId=rep-7&status=open&limit=50', '/opportunities/00000000-0000-4000-8000-000000004242', '/opportunities/00000000-0000-4000-8000-000000004242/timeline', '/team']) {
        queries.push(await queryLatency(api.url, api.token, path));
        process.stdout.write(`  ${JSON.stringify(queries.at(-1))}\n`);
      }
      const lagRow = await lag(api.url, api.token);
      process.stdout.write(`  ${JSON.stringify(lagRow)}\n`);
      return { rebuild: [rebuilt], catchUp: [catchUp], queries, lag: [lagRow] };
    } finally {
      await api.stop();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
