import autocannon from 'autocannon';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type CommandContext, SqliteEventStore } from '@ledger/event-sourcing';
import { SqliteReadStore, queryCube, rebuildProjections } from '@ledger/read-store';
import {
  CLOSED_DEALS_CUBE,
  DEAL_FACTS,
  OPPORTUNITY_VIEWS,
  PIPELINE_CUBE,
  STAGES,
  handleAccount,
  handleOpportunity,
  importCrmSales,
  parseSalesTeamsCsv,
  readCrmSalesFolder,
  salesProjections,
  seedTeam,
} from '@ledger/sales';
import { type BenchApi, startBenchApi } from './support/api';
import { type Row, percentile, round } from './support/stats';

const OPPORTUNITIES = 100_000;
const ACCOUNTS = 850;
const SECTORS = ['technology', 'medical', 'retail', 'software', 'finance', 'marketing', 'entertainment', 'telecommunications', 'employment', 'services'];
const PRODUCTS = ['GTX Basic', 'GTX Pro', 'MG Special', 'MG Advanced', 'GTX Plus Pro', 'GTX Plus Basic', 'GTK 500'];
const FIRST_NAMES = ['Ada', 'Ben', 'Chloé', 'Dmitri', 'Eve', 'Farid', 'Grace', 'Hugo', 'Inès', 'Jun'];
const LAST_NAMES = ['Smith', 'Jones', 'Müller', 'García', 'Rossi', 'Kim', 'Nowak', 'Silva', 'Dubois', 'Tanaka'];
const TEAM_CSV = resolve(__dirname, '../../seed/crm-sales/sales_teams.csv');
const DATA_SET = resolve(__dirname, '../../seed/crm-sales');
const day = (offset: number): string => new Date(Date.UTC(2024, 0, 1) + offset * 86_400_000).toISOString().slice(0, 10);

/**
 * 100k opportunities through the real command path, over two years of business dates: the seeded
 * team's 35 reps own them, 850 accounts in 10 sectors, the 7 products; each moves on a stage, two
 * thirds close (won or lost) some days after opening. Then the CRM data set is imported on top.
 */
export async function seedReadSide(dataDir: string, opportunities = OPPORTUNITIES): Promise<number> {
  const store = new SqliteEventStore(join(dataDir, 'events.db'));
  await seedTeam(store, TEAM_CSV);
  const reps = parseSalesTeamsCsv(readFileSync(TEAM_CSV, 'utf8')).members.filter((member) => member.role === 'rep').map((member) => member.userId);
  let n = 0;
  const context = (): CommandContext => {
    n += 1;
    return { commandId: `seed-${n}`, correlationId: 'seed', causationId: 'seed', actor: { userId: 'seed', role: 'admin' }, occurredAt: new Date().toISOString() };
  };
  const accountId = (i: number): string => `00000000-0000-4000-9000-${String(i).padStart(12, '0')}`;
  for (let start = 0; start < ACCOUNTS; start += 100) {
    await Promise.all(
      Array.from({ length: Math.min(100, ACCOUNTS - start) }, (_, k) => start + k).map(async (i) => {
        await handleAccount(store, { type: 'RegisterAccount', accountId: accountId(i), name: `Account ${i}`, sector: SECTORS[i % SECTORS.length], yearEstablished: 1990 + (i % 30), annualRevenue: { amountMinor: (i + 1) * 1_000_000_00, currency: 'USD' }, employees: 10 + ((i * 37) % 5000), officeLocation: 'United States', parentAccountId: null }, context());
        // One buyer per account, for the contact search.
        const fullName = `${FIRST_NAMES[i % FIRST_NAMES.length]} ${LAST_NAMES[Math.floor(i / FIRST_NAMES.length) % LAST_NAMES.length]}`;
        const personal = { fullName, email: `buyer${i}@account${i}.example`, phone: `+1 555 ${String(i).padStart(4, '0')}` };
        await handleAccount(store, { type: 'AddContact', accountId: accountId(i), contactId: `00000000-0000-4000-a000-${String(i).padStart(12, '0')}`, personal, title: 'Buyer', preferredChannel: null }, context());
      }),
    );
  }
  const one = async (i: number): Promise<void> => {
    const id = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
    const run = (command: object) => handleOpportunity(store, { ...command, opportunityId: id } as never, context());
    const openedOn = day(i % 700);
    await run({
      type: 'OpenOpportunity',
      title: `Deal ${i}`,
      accountId: accountId(i % ACCOUNTS),
      accountName: `Account ${i % ACCOUNTS}`,
      ownerId: reps[i % reps.length],
      amount: { amountMinor: 10_000 + ((i * 7919) % 5_000_000), currency: i % 5 === 0 ? 'EUR' : 'USD' },
      expectedCloseDate: day((i % 700) + 30 + (i % 90)),
      source: 'web',
      productInterest: PRODUCTS[i % PRODUCTS.length],
      openedOn,
    });
    await run({ type: 'ChangeStage', stage: STAGES[1 + (i % 4)], reason: null });
    const closedOn = day((i % 700) + 5 + ((i * 13) % 120));
    if (i % 3 === 0) await run({ type: 'MarkWon', closedOn });
    else if (i % 3 === 1) await run({ type: 'MarkLost', reason: ['price', 'timing', 'competitor', 'no budget'][i % 4], competitor: i % 2 === 0 ? 'Globex' : null, closedOn });
  };
  for (let start = 0; start < opportunities; start += 500) {
    await Promise.all(Array.from({ length: Math.min(500, opportunities - start) }, (_, k) => one(start + k)));
  }
  await importCrmSales(store, readCrmSalesFolder(DATA_SET), { actor: { userId: 'seed', role: 'system' } });
  const events = Number((await store.lastPosition())!.commit);
  await store.close();
  return events;
}

export async function rebuild(dataDir: string): Promise<Row> {
  const events = new SqliteEventStore(join(dataDir, 'events.db'));
  const readModels = new SqliteReadStore(join(dataDir, 'read-models.db'));
  const result = await rebuildProjections(events, readModels, salesProjections);
  await readModels.close();
  await events.close();
  return { measure: `rebuild every read model (${salesProjections.length} projections, embedded)`, events: result.events, seconds: round(result.seconds, 2), 'events/s': result.eventsPerSecond };
}

/** The resident memory of a process, from /proc (Linux), in MB. */
const rssOf = (pid: number): number => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

/** Samples a process' RSS every 100 ms until stopped: the peak seen. */
function sampleRss(pid: number): () => number {
  let peak = rssOf(pid);
  const timer = setInterval(() => (peak = Math.max(peak, rssOf(pid))), 100);
  return () => (clearInterval(timer), Math.round(peak));
}

async function queryLatency(api: BenchApi, path: string, seconds = 6): Promise<Row> {
  const peak = sampleRss(api.child.pid!);
  const result = await autocannon({ url: `${api.url}${path}`, connections: 4, duration: seconds, headers: { authorization: `Bearer ${api.token}` } });
  return { query: `GET ${path}`, 'requests/s': Math.round(result.requests.average), 'p50 ms': result.latency.p50, 'p99 ms': result.latency.p99, 'non-2xx': result.non2xx, 'API RSS MB (peak)': peak() };
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
    for (let i = 0; i < 30; i += 1) {
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
  const commands = () => autocannon({ url: `${url}/opportunities`, method: 'POST', headers, body, connections: 8, duration: 8 });
  const alone = await commands();
  const reportPaths = ['/reports/revenue?by=month', '/reports/win-rate?by=agent', '/reports/sales-cycle?by=quarter', '/reports/funnel', '/pipeline', '/forecast', '/team', '/reports/attainment?period=2025-Q2'];
  const readers = autocannon({ url, connections: 4, duration: 9, headers: { authorization: `Bearer ${token}` }, requests: reportPaths.map((path) => ({ method: 'GET' as const, path })) });
  const together = await commands();
  const reads = await readers;
  const row = (name: string, result: autocannon.Result): Row => ({ commands: name, 'commands/s': Math.round(result.requests.average), 'p50 ms': result.latency.p50, 'p99 ms': result.latency.p99, errors: result.non2xx + result.errors });
  return [row('alone (8 connections)', alone), { ...row('while 4 clients read reports', together), 'report reads/s': Math.round(reads.requests.average), 'report p99 ms': reads.latency.p99 }];
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

/** Each sort and filter of the lists (`/opportunities` has every one), paged 50 at a time. */
const LIST_PATHS = [
  '/opportunities?limit=50',
  '/opportunities?ownerId=darcel-schlecht&status=open&limit=50',
  '/opportunities?limit=50&sort=-amount',
  '/opportunities?limit=50&sort=-updatedAt&status=open',
  '/opportunities?accountId=00000000-0000-4000-9000-000000000042&limit=50',
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
  '/opportunities?q=deal%204242&limit=50',
  '/quotes?limit=50',
  '/orders?limit=50',
  '/activities?limit=50',
  '/accounts?limit=50',
  '/accounts?q=account%2042',
  '/contacts?q=smith',
  '/tasks?limit=50&sort=-priority&status=all',
  '/approvals?limit=50',
  '/team?limit=50',
];

const READ_PATHS = [
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
  ...LIST_PATHS,
  '/opportunities/00000000-0000-4000-8000-000000004242',
  '/opportunities/00000000-0000-4000-8000-000000004242/timeline',
];

/**
 * The API's resident memory at two sizes of the same history: at rest once every list has been read
 * (every collection a list reads is in the cache), and its peak while 4 clients read the lists.
 */
export async function benchReadMemory(sizes: readonly number[] = [25_000, OPPORTUNITIES]): Promise<Row[]> {
  const rows: Row[] = [];
  for (const opportunities of sizes) {
    const dataDir = mkdtempSync(join(tmpdir(), 'bench-read-memory-'));
    try {
      const events = await seedReadSide(dataDir, opportunities);
      await rebuild(dataDir);
      const api = await startBenchApi(dataDir);
      try {
        await untilCaughtUp(api.url, api.token);
        for (const path of READ_PATHS) await (await fetch(`${api.url}${path}`, { headers: { authorization: `Bearer ${api.token}` } })).arrayBuffer();
        const atRest = Math.round(rssOf(api.child.pid!));
        const peak = sampleRss(api.child.pid!);
        const latencies: number[] = [];
        for (const path of LIST_PATHS) latencies.push(Number((await queryLatency(api, path, 2))['p99 ms']));
        rows.push({ opportunities, events, 'API RSS MB at rest (lists read once)': atRest, 'API RSS MB peak (4 clients reading the lists)': peak(), 'worst list p99 ms': Math.max(...latencies) });
        process.stdout.write(`  ${JSON.stringify(rows.at(-1))}\n`);
      } finally {
        await api.stop();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  return rows;
}

export async function benchReadSide(): Promise<{ rebuild: Row[]; catchUp: Row[]; scans: Row[]; queries: Row[]; contention: Row[]; lag: Row[] }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-read-side-'));
  try {
    const events = await seedReadSide(dataDir);
    process.stdout.write(`  seeded ${OPPORTUNITIES} opportunities, ${events} events\n`);
    const rebuilt = await rebuild(dataDir);
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
      const queries: Row[] = [];
      for (const path of READ_PATHS) {
        queries.push(await queryLatency(api, path));
        process.stdout.write(`  ${JSON.stringify(queries.at(-1))}\n`);
      }
      const contention = await commandsWhileReporting(api.url, api.token);
      for (const row of contention) process.stdout.write(`  ${JSON.stringify(row)}\n`);
      const lagRow = await lag(api.url, api.token);
      process.stdout.write(`  ${JSON.stringify(lagRow)}\n`);
      return { rebuild: [rebuilt], catchUp: [catchUp], scans, queries, contention, lag: [lagRow] };
    } finally {
      await api.stop();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
