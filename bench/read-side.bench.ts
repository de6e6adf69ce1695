import autocannon from 'autocannon';
import { Presets, SingleBar } from 'cli-progress';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SqliteEventStore } from '@ledger/event-sourcing';
import { loadAppConfig } from '@ledger/platform';
import { SqliteReadStore, queryCube } from '@ledger/read-store';
import {
  CLOSED_DEALS_CUBE,
  DEAL_FACTS,
  OPPORTUNITY_CATEGORY,
  OPPORTUNITY_VIEWS,
  PIPELINE_CUBE,
  generateHistory,
  importCrmSales,
  opportunityEvents,
  readCrmSalesFolder,
} from '@ledger/sales';
import { rebuildDataDir } from './support/rebuild';
import { type BenchApi, startBenchApi } from './support/api';
import { sized } from './support/mode';
import { type Row, percentile, round } from './support/stats';

const OPPORTUNITIES = sized(100_000, 300);
/** The CRM data set on top of the generated history (a quick run leaves it out: its 15,000 events are most of a quick run's time). */
const IMPORT_DATA_SET = sized(true, false);
const DATA_SET = resolve(__dirname, '../../seed/crm-sales');
/** Each read path for 6 s, or (quick) for 12 requests. */
const QUERY_LENGTH = sized<{ duration: number } | { amount: number }>({ duration: 6 }, { amount: 12 });
/**
 * Autocannon counts requests per sample and ends a run of `amount` requests only when a sample ends:
 * 12 requests took a whole second per read path (41 of them, then 26 for the memory rows). A quick
 * run samples every 100 ms; requests/s is scaled back from the sample.
 */
const SAMPLE_MS = sized(1000, 100);
/** Commands per second of the background load under which append → visible is measured (the target rate). */
const LAG_RATE = 1_000;
const LAG_SECONDS = sized(10, 1);

/** Records the read paths name: one opportunity of the generated history, its account, and a word of that account's name. */
type Probe = { readonly opportunityId: string; readonly accountId: string; readonly accountWord: string };

/**
 * The generated history (salesctl generate: 100k opportunities over two years through the real
 * command path, seed 1), then the CRM data set imported on top.
 */
async function seed(dataDir: string, opportunities = OPPORTUNITIES): Promise<{ events: number; probe: Probe }> {
  const store = new SqliteEventStore(join(dataDir, 'events.db'));
  const bar = new SingleBar({ format: '  generate [{bar}] {percentage}% | {events} events', hideCursor: true, noTTYOutput: true, notTTYSchedule: 5000 }, Presets.shades_classic);
  bar.start(731, 0, { events: 0 });
  const history = await generateHistory(store, {
    seed: 1,
    opportunities,
    dataSet: readCrmSalesFolder(DATA_SET),
    approvals: loadAppConfig({ JWT_SECRET: 'bench-'.padEnd(48, 'x') }).approvals,
    onProgress: ({ day, events }) => bar.update(day, { events }),
  });
  bar.stop();
  process.stdout.write(`  generated ${history.opportunities} opportunities, ${history.events} events in ${history.seconds} s (${history.eventsPerSecond} events/s)\n`);
  if (IMPORT_DATA_SET) await importCrmSales(store, readCrmSalesFolder(DATA_SET), { actor: { userId: 'seed', role: 'system' } });
  const [opened] = (await store.readCategory(OPPORTUNITY_CATEGORY, { maxCount: 1 })).map((event) => opportunityEvents.decode(event));
  if (opened?.type !== 'OpportunityOpened') throw new Error('the generated history opens no opportunity');
  const events = Number((await store.lastPosition())!.commit);
  await store.close();
  const accountWord = (opened.data.accountName ?? 'account').split(' ')[0].toLowerCase();
  return { events, probe: { opportunityId: opened.data.opportunityId, accountId: opened.data.accountId!, accountWord } };
}


/** The resident memory of a process, from /proc (Linux), in MB. */
const rssOf = (pid: number): number => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

/** Samples a process' RSS every 100 ms until stopped: the peak seen. */
function sampleRss(pid: number): () => number {
  let peak = rssOf(pid);
  const timer = setInterval(() => (peak = Math.max(peak, rssOf(pid))), 100);
  return () => (clearInterval(timer), Math.round(peak));
}

async function queryLatency(api: BenchApi, path: string, length: { duration: number } | { amount: number } = QUERY_LENGTH): Promise<Row> {
  const peak = sampleRss(api.child.pid!);
  const result = await autocannon({ url: `${api.url}${path}`, connections: 4, ...length, sampleInt: SAMPLE_MS, headers: { authorization: `Bearer ${api.token}` } });
  return { query: `GET ${path}`, 'requests/s': Math.round((result.requests.average * 1000) / SAMPLE_MS), 'p50 ms': result.latency.p50, 'p99 ms': result.latency.p99, 'non-2xx': result.non2xx, 'API RSS MB (peak)': peak() };
}

/**
 * The same totals two ways in one process, on the rebuilt read models: by scanning every fact per
 * request (what a report without maintained totals does, and what /pipeline did before), and by
 * adding up cube cells. Medians and p99 of 30 runs each, after a warm-up.
 */
async function scanVersusCube(dataDir: string): Promise<Row[]> {
  const store = new SqliteReadStore(join(dataDir, 'read-models.db'));
  const time = async (run: () => Promise<unknown>): Promise<number[]> => {
    await run();
    const samples: number[] = [];
    for (let i = 0; i < sized(30, 5); i += 1) {
      const started = performance.now();
      await run();
      samples.push(performance.now() - started);
    }
    return samples.sort((a, b) => a - b);
  };
  const cases: [string, () => Promise<unknown>, () => Promise<unknown>][] = [
    [
      'revenue by agent, all time',
      () => store.aggregate(DEAL_FACTS, [{ $match: { status: 'won' } }, { $group: { _id: { ownerId: '$ownerId', currency: '$currency' }, n: { $sum: 1 }, amount: { $sum: '$amountMinor' } } }]),
      () => queryCube(store, CLOSED_DEALS_CUBE, { where: { status: ['won'] }, groupBy: ['ownerId', 'currency'] }),
    ],
    [
      'revenue by month, 2024-03-15 … 2025-06-20',
      () => store.aggregate(DEAL_FACTS, [{ $match: { status: 'won', closedOn: { $gte: '2024-03-15', $lte: '2025-06-20' } } }, { $group: { _id: { month: { $substr: ['$closedOn', 0, 7] }, currency: '$currency' }, n: { $sum: 1 }, amount: { $sum: '$amountMinor' } } }]),
      () => queryCube(store, CLOSED_DEALS_CUBE, { from: '2024-03-15', to: '2025-06-20', where: { status: ['won'] }, groupBy: ['month', 'currency'] }),
    ],
    [
      'open pipeline by stage (GET /pipeline)',
      () => store.aggregate(OPPORTUNITY_VIEWS, [{ $match: { status: 'open' } }, { $group: { _id: { stage: '$stage', currency: '$currency' }, n: { $sum: 1 }, total: { $sum: { $ifNull: ['$amountMinor', 0] } } } }]),
      () => queryCube(store, PIPELINE_CUBE, { groupBy: ['stage', 'currency'] }),
    ],
  ];
  const rows: Row[] = [];
  try {
    for (const [name, scan, cube] of cases) {
      const scanned = await time(scan);
      const added = await time(cube);
      rows.push({
        totals: name,
        'scan p50 ms': round(percentile(scanned, 50), 2),
        'scan p99 ms': round(percentile(scanned, 99), 2),
        'cube p50 ms': round(percentile(added, 50), 2),
        'cube p99 ms': round(percentile(added, 99), 2),
        'scan ÷ cube (p50)': round(percentile(scanned, 50) / Math.max(percentile(added, 50), 0.001), 1),
      });
    }
  } finally {
    await store.close();
  }
  return rows;
}

/**
 * Command latency alone, then while 4 other clients read reports in a loop: what an analyst's
 * report costs the sales team's commands.
 */
async function commandsWhileReporting(url: string, token: string): Promise<Row[]> {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const body = JSON.stringify({ title: 'Bench deal', accountName: 'Acme', ownerId: 'darcel-schlecht', amount: { amountMinor: 1000, currency: 'USD' }, expectedCloseDate: '2099-01-01', source: 'web' });
  const commands = () => autocannon({ url: `${url}/opportunities`, method: 'POST', headers, body, connections: 8, duration: sized(8, 1) });
  const alone = await commands();
  const reportPaths = ['/reports/revenue?by=month', '/reports/win-rate?by=agent', '/reports/sales-cycle?by=quarter', '/reports/funnel', '/pipeline', '/forecast', '/team', '/reports/attainment?period=2025-Q2'];
  const readers = autocannon({ url, connections: 4, duration: sized(9, 2), headers: { authorization: `Bearer ${token}` }, requests: reportPaths.map((path) => ({ method: 'GET' as const, path })) });
  const together = await commands();
  const reads = await readers;
  const row = (name: string, result: autocannon.Result): Row => ({ commands: name, 'commands/s': Math.round(result.requests.average), 'p50 ms': result.latency.p50, 'p99 ms': result.latency.p99, errors: result.non2xx + result.errors });
  return [row('alone (8 connections)', alone), { ...row('while 4 clients read reports', together), 'report reads/s': Math.round(reads.requests.average), 'report p99 ms': reads.latency.p99 }];
}

/** Append-to-visible: a command's answer, then a read with its position, while other writers keep a steady load of 1,000 commands/s. */
async function lag(url: string, token: string): Promise<Row> {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const body = JSON.stringify({ title: 'Lag probe', accountName: 'Acme', amount: { amountMinor: 1000, currency: 'USD' }, expectedCloseDate: '2099-01-01', source: 'web' });
  const load = autocannon({ url: `${url}/opportunities`, method: 'POST', headers, body, connections: 16, overallRate: LAG_RATE, duration: LAG_SECONDS + 2 });
  const samples: number[] = [];
  const until = Date.now() + LAG_SECONDS * 1000;
  while (Date.now() < until) {
    const answer = (await (await fetch(`${url}/opportunities`, { method: 'POST', headers, body })).json()) as { id: string; position: string };
    const started = performance.now();
    const seen = await fetch(`${url}/opportunities/${answer.id}?minPosition=${answer.position}`, { headers });
    if (seen.status === 200) samples.push(performance.now() - started);
    await seen.arrayBuffer();
  }
  const background = await load;
  samples.sort((a, b) => a - b);
  return {
    measure: `append → visible (read with minPosition), ${LAG_RATE.toLocaleString('en-US')} commands/s background load`,
    'background commands/s': Math.round(background.requests.average),
    samples: samples.length,
    'p50 ms': round(percentile(samples, 50), 1),
    'p99 ms': round(percentile(samples, 99), 1),
  };
}

async function untilCaughtUp(url: string, token: string): Promise<number> {
  for (;;) {
    const status = (await (await fetch(`${url}/projections`, { headers: { authorization: `Bearer ${token}` } })).json()) as {
      projections: Array<{ lagEvents: number }>;
    };
    if (status.projections.every((p) => p.lagEvents === 0)) return status.projections.length;
    // GET /projections reads up to 1,000 events per consumer to count its lag: poll gently (a quick run's log is a few thousand events).
    await new Promise((resolve) => setTimeout(resolve, sized(1000, 200)));
  }
}

/** Each sort and filter of the lists (`/opportunities` has every one), paged 50 at a time. */
const listPaths = ({ accountId, accountWord }: Probe): string[] => [
  '/opportunities?limit=50',
  '/opportunities?ownerId=darcel-schlecht&status=open&limit=50',
  '/opportunities?limit=50&sort=-amount',
  '/opportunities?limit=50&sort=-updatedAt&status=open',
  `/opportunities?accountId=${accountId}&limit=50`,
  '/opportunities?limit=50&sort=title',
  '/opportunities?limit=50&sort=-probability',
  '/opportunities?limit=50&sort=-openedAt',
  '/opportunities?ownerId=darcel-schlecht&limit=50&sort=-amount',
  '/opportunities?stage=proposal&limit=50',
  '/opportunities?status=won&limit=50&sort=-amount',
  '/opportunities?forecastCategory=commit&limit=50',
  '/opportunities?currency=EUR&limit=50&sort=-updatedAt',
  '/opportunities?closeFrom=2024-06-01&closeTo=2024-06-30&limit=50',
  '/opportunities?amountMin=4000000&limit=50&sort=-amount',
  '/opportunities?amountMin=100000&amountMax=200000&limit=50',
  `/opportunities?q=${encodeURIComponent(accountWord)}&limit=50`,
  '/quotes?limit=50',
  '/orders?limit=50',
  '/activities?limit=50',
  '/accounts?limit=50',
  `/accounts?q=${encodeURIComponent(accountWord)}`,
  '/contacts?q=smith',
  '/tasks?limit=50&sort=-priority&status=all',
  '/approvals?limit=50',
  '/team?limit=50',
];

const readPaths = (probe: Probe): string[] => [
  '/pipeline',
  '/forecast',
  '/team',
  '/reports/revenue?by=month',
  '/reports/revenue?by=agent&from=2024-03-15&to=2025-06-20',
  '/reports/revenue?by=account',
  '/reports/revenue?by=sector&manager=summer-sewald',
  '/reports/win-rate?by=agent',
  '/reports/sales-cycle?by=quarter',
  '/reports/deal-size?by=product',
  '/reports/lost-reasons',
  '/reports/funnel',
  '/reports/quotes',
  '/reports/attainment?period=2025-Q2',
  '/reports/segments?seed=1',
  ...listPaths(probe),
  `/opportunities/${probe.opportunityId}`,
  `/opportunities/${probe.opportunityId}/timeline`,
];

/** Memory rows: the API's RSS at rest once every read path has been read once, and its peak while 4 clients read. */
const memoryRow = (opportunities: number, events: number, atRest: number, queries: readonly Row[]): Row => ({
  opportunities,
  events,
  'API RSS MB at rest (every read path read once)': atRest,
  'RSS MB': Math.max(...queries.map((row) => Number(row['API RSS MB (peak)']))),
  'worst list p99 ms': Math.max(...queries.filter((row) => !/^GET \/(pipeline|forecast|team$|reports)/.test(String(row.query))).map((row) => Number(row['p99 ms']))),
});

/**
 * The API's resident memory at a second, smaller size of the same generated history (the read side
 * gives the full size's): how memory grows with the data.
 */
export async function benchReadMemory(opportunities = sized(25_000, 100)): Promise<Row[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-read-memory-'));
  try {
    const { events, probe } = await seed(dataDir, opportunities);
    await rebuildDataDir(dataDir);
    const api = await startBenchApi(dataDir);
    try {
      await untilCaughtUp(api.url, api.token);
      for (const path of readPaths(probe)) await (await fetch(`${api.url}${path}`, { headers: { authorization: `Bearer ${api.token}` } })).arrayBuffer();
      const atRest = Math.round(rssOf(api.child.pid!));
      const queries: Row[] = [];
      for (const path of listPaths(probe)) queries.push(await queryLatency(api, path, sized({ duration: 2 }, { amount: 12 })));
      const row = memoryRow(opportunities, events, atRest, queries);
      process.stdout.write(`  ${JSON.stringify(row)}\n`);
      return [row];
    } finally {
      await api.stop();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function benchReadSide(): Promise<{ rebuild: Row[]; catchUp: Row[]; scans: Row[]; queries: Row[]; contention: Row[]; lag: Row[]; memory: Row[] }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-read-side-'));
  try {
    const { events, probe } = await seed(dataDir);
    process.stdout.write(`  seeded ${OPPORTUNITIES} opportunities, ${events} events\n`);
    const rebuilt = await rebuildDataDir(dataDir);
    process.stdout.write(`  ${JSON.stringify(rebuilt)}\n`);
    const scans = await scanVersusCube(dataDir);
    for (const row of scans) process.stdout.write(`  ${JSON.stringify(row)}\n`);
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
      for (const path of readPaths(probe)) await (await fetch(`${api.url}${path}`, { headers: { authorization: `Bearer ${api.token}` } })).arrayBuffer();
      const atRest = Math.round(rssOf(api.child.pid!));
      const queries: Row[] = [];
      for (const path of readPaths(probe)) {
        queries.push(await queryLatency(api, path));
        process.stdout.write(`  ${JSON.stringify(queries.at(-1))}\n`);
      }
      const contention = await commandsWhileReporting(api.url, api.token);
      for (const row of contention) process.stdout.write(`  ${JSON.stringify(row)}\n`);
      const lagRow = await lag(api.url, api.token);
      process.stdout.write(`  ${JSON.stringify(lagRow)}\n`);
      return { rebuild: [rebuilt], catchUp: [catchUp], scans, queries, contention, lag: [lagRow], memory: [memoryRow(OPPORTUNITIES, events, atRest, queries)] };
    } finally {
      await api.stop();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
