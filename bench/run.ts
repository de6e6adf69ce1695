import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { AGGREGATE_LOAD_COLUMN, benchAggregateLoad } from './aggregate-load.bench';
import { benchApiKeyAuth } from './api-key-auth.bench';
import { benchAsOf } from './as-of.bench';
import { benchAuditHistory } from './audit-history.bench';
import { benchAuditVerify } from './audit-verify.bench';
import { BARE_ENDPOINT, benchBareEndpoint } from './bare-endpoint.bench';
import { benchEventStore } from './event-store.bench';
import { benchMongoCommits } from './mongo-commits.bench';
import { benchAppendToVisible, benchHttp } from './http.bench';
import { benchPersonalData } from './personal-data.bench';
import { benchQuoteFlow } from './quote-flow.bench';
import { benchRebuild } from './rebuild.bench';
import { benchReadMemory, benchReadSide } from './read-side.bench';
import { describeMachine } from './support/machine';
import { QUICK } from './support/mode';
import { type Row, markdownTable, round } from './support/stats';
import { issue15Targets } from './support/targets';

/** Everything below this line in RESULTS.md is written by hand and kept across runs. */
const HISTORY_MARKER = '<!-- history: kept by npm run bench -->';

/** The worst p50 and p99 over the runs a row lists ("0.13 / 0.12"), over every row given: what the targets are held to. */
function worstOfRuns(rows: readonly Row[]): Row[] {
  const worst = (column: string): number => Math.max(...rows.flatMap((row) => String(row[column]).split(' / ').map(Number)));
  return rows.length === 0 ? [] : [{ 'p50 ms': worst('p50 ms (runs)'), 'p99 ms': worst('p99 ms (runs)') }];
}

type Results = {
  appends?: Row[];
  authentication?: Row[];
  verification?: Row[];
  bare?: Row[];
  http?: Row[];
  visible?: Row[];
  quotes?: Awaited<ReturnType<typeof benchQuoteFlow>>;
  read?: Awaited<ReturnType<typeof benchReadSide>>;
  rebuild?: Row[];
  mongoCommits?: Row[];
  readMemory?: Row[];
  asOf?: Row[];
  audit?: Awaited<ReturnType<typeof benchAuditHistory>>;
  personalData?: Row[];
  aggregateLoad?: Awaited<ReturnType<typeof benchAggregateLoad>>;
};

type Scenario = {
  /** What BENCH_ONLY and --only take. */
  readonly name: string;
  /** Printed before it runs. */
  readonly intro: string;
  /** Runs it, printing its progress, and keeps what it measured in `results`. */
  readonly run: (results: Results) => Promise<void>;
  /** Its part of the report, from what it measured (and the bare endpoint's figure, for the ratios, when that ran too). */
  readonly report: (results: Results) => string[];
};

const line = (value: unknown): void => void process.stdout.write(`  ${JSON.stringify(value)}\n`);

/** The commands' rate divided by the bare endpoint's in the same run (no column when the bare endpoint did not run). */
const timesBare = (rows: readonly Row[], bare: readonly Row[] | undefined): Row[] =>
  bare === undefined ? [...rows] : rows.map((row) => ({ ...row, '× bare': (Number(row['commands/s']) / Number(bare[0]['requests/s'])).toFixed(3) }));

/** Every scenario, in the order a run takes them and the report lists them. */
const SCENARIOS: readonly Scenario[] = [
  {
    name: 'event-store',
    intro: 'Embedded event store (SQLite, WAL, synchronous=FULL):',
    run: async (r) => void (r.appends = await benchEventStore()),
    report: (r) => ['## Embedded event store appends (SQLite, WAL, synchronous=FULL: every acknowledged append is fsynced)', '', markdownTable(r.appends!), ''],
  },
  {
    name: 'api-key-auth',
    intro: 'Authenticating one request (in process, embedded store):',
    run: async (r) => void (r.authentication = await benchApiKeyAuth()),
    report: (r) => ['## Authenticating one request (in process, embedded store: an API key against a bearer JWT, each with its stream read)', '', markdownTable(r.authentication!), ''],
  },
  {
    name: 'audit-verify',
    intro: 'Hash chain verification (embedded, 1,000,000 events):',
    run: async (r) => void (r.verification = await benchAuditVerify()),
    report: (r) => ['## Hash chain verification (embedded; `GET /audit/verify`, `salesctl audit verify`)', '', markdownTable(r.verification!), ''],
  },
  {
    name: 'bare-endpoint',
    intro: `Reference: ${BARE_ENDPOINT} (autocannon, 64 connections):`,
    run: async (r) => {
      r.bare = await benchBareEndpoint();
      line(r.bare[0]);
    },
    report: (r) => [
      '## HTTP commands (autocannon, embedded store, JWT auth, validation, fsync per group commit)',
      '',
      `The reference, in the same run: ${BARE_ENDPOINT} (same NestJS and Fastify versions, no auth, no validation, no logging):`,
      '',
      markdownTable(r.bare!),
      '',
    ],
  },
  {
    name: 'http',
    intro: 'HTTP (autocannon against the built API, embedded store):',
    run: async (r) => {
      r.http = await benchHttp();
      line(r.http);
    },
    report: (r) => [...(r.bare ? [] : ['## HTTP commands (autocannon, embedded store, JWT auth, validation, fsync per group commit)', '']), markdownTable(timesBare(r.http!, r.bare)), ''],
  },
  {
    name: 'append-to-visible',
    intro: 'Append → visible over HTTP, under a background load of commands:',
    run: async (r) => {
      r.visible = await benchAppendToVisible();
      line(r.visible);
    },
    report: (r) => [markdownTable(r.visible!), ''],
  },
  {
    name: 'quote-flow',
    intro: 'Quote to won deal over HTTP (process managers in the same process):',
    run: async (r) => {
      r.quotes = await benchQuoteFlow();
      line(r.quotes.throughput[0]);
      line(r.quotes.latency[0]);
    },
    report: (r) => [
      '## From quote to won deal over HTTP (embedded; the process managers run in the API process)',
      '',
      markdownTable(timesBare(r.quotes!.throughput, r.bare)),
      '',
      markdownTable(r.quotes!.latency),
      '',
    ],
  },
  {
    name: 'read-side',
    intro: 'Read side (generated history of 100k opportunities, embedded):',
    run: async (r) => void (r.read = await benchReadSide()),
    report: (r) => [
      '## Read side over a generated history of 100,000 opportunities (`salesctl generate --seed 1`) plus the imported CRM data set (embedded: SQLite + mingo, in-memory document cache)',
      '',
      markdownTable(r.read!.rebuild),
      '',
      markdownTable(r.read!.catchUp),
      '',
      'The same totals by scanning every fact per request and by adding up cube cells, in one process on the rebuilt read models:',
      '',
      markdownTable(r.read!.scans),
      '',
      'Over HTTP, 4 concurrent clients, 6 s each:',
      '',
      markdownTable(r.read!.queries),
      '',
      'Commands (open an opportunity) alone, then while 4 clients read reports:',
      '',
      markdownTable(r.read!.contention),
      '',
      markdownTable(r.read!.lag),
      '',
      'Resident memory of sales-api (generated history, rebuilt read models, every read path read once; then its peak while 4 clients read): the full size, then a smaller one',
      '',
      markdownTable([...r.read!.memory, ...(r.readMemory ?? [])]),
      '',
    ],
  },
  {
    name: 'rebuild',
    intro: 'Rebuild and start over a generated log (1M events, 5k with --quick):',
    run: async (r) => void (r.rebuild = await benchRebuild()),
    report: (r) => ['## Rebuild of every read model and the API start, over a generated log (1M events; 5k with --quick)', '', markdownTable(r.rebuild!), ''],
  },
  {
    name: 'mongo-commits',
    intro: "What the MongoDB read store sends the server for the projections' commits (scripted server; counts, not times):",
    run: async (r) => void (r.mongoCommits = await benchMongoCommits()),
    report: (r) => [
      "## MongoDB read store: operations sent for the projections' commits, per 1,000 events (20k-event generated log, 2k with --quick; scripted server: counts, not times)",
      '',
      markdownTable(r.mongoCommits!),
      '',
    ],
  },
  {
    name: 'read-memory',
    intro: 'Memory of the API at a second, smaller size of the generated history (embedded):',
    run: async (r) => void (r.readMemory = await benchReadMemory()),
    // With the read side, its rows are in the read side's memory table.
    report: (r) => (r.read ? [] : ['## Resident memory of sales-api at a second, smaller size of the generated history', '', markdownTable(r.readMemory!), '']),
  },
  {
    name: 'as-of',
    intro: 'Time travel (as-of reads folded from the log, embedded):',
    run: async (r) => void (r.asOf = await benchAsOf()),
    report: (r) => ['## Time travel: reads as of an instant, folded from the log through the live projections (embedded, in process)', '', markdownTable(r.asOf!), ''],
  },
  {
    name: 'audit-history',
    intro: "Auditors' history over 1M events (GET /audit/events, embedded):",
    run: async (r) => void (r.audit = await benchAuditHistory()),
    report: (r) => ["## Auditors' history over 1M events (GET /audit/events, embedded; one request at a time)", '', markdownTable(r.audit!.seed), '', markdownTable(r.audit!.queries), ''],
  },
  {
    name: 'personal-data',
    intro: 'Personal data encryption on the import and command paths (plain and encrypted log alternated):',
    run: async (r) => void (r.personalData = await benchPersonalData()),
    report: (r) => ['## Encryption of personal data (per-contact AES-256-GCM, keys in keys.db, fsynced): the log plain and encrypted, alternated in one run', '', markdownTable(r.personalData!), ''],
  },
  {
    name: 'aggregate-load',
    intro: 'Loading an aggregate of 10,000 events (1,000 with --quick), with and without snapshots; the cost of snapshots to commands and appends:',
    run: async (r) => void (r.aggregateLoad = await benchAggregateLoad()),
    report: (r) => [
      '## Loading an aggregate of 10,000 events (1,000 with --quick): from the log, and from a snapshot beside it (embedded, in process, alternated in one run)',
      '',
      markdownTable(r.aggregateLoad!.loads),
      '',
      'Concurrent single-event commands (load, fold, decide, append; group commit, fsync) and appends, snapshots off and on, alternated:',
      '',
      markdownTable(r.aggregateLoad!.appends),
      '',
    ],
  },
];

/** The scenarios named by `--only a,b` (or `--only=a,b`) or BENCH_ONLY=a,b, in the table's order; every one when none is named. */
function selectedScenarios(): readonly Scenario[] {
  const flag = process.argv.findIndex((arg) => arg === '--only' || arg.startsWith('--only='));
  const asked = flag === -1 ? process.env.BENCH_ONLY : process.argv[flag].startsWith('--only=') ? process.argv[flag].slice('--only='.length) : process.argv[flag + 1];
  if (asked === undefined || asked.trim() === '') return SCENARIOS;
  const names = asked.split(',').map((name) => name.trim()).filter((name) => name !== '');
  const unknown = names.filter((name) => !SCENARIOS.some((scenario) => scenario.name === name));
  if (unknown.length > 0) {
    process.stderr.write(`Unknown scenario ${unknown.join(', ')}; the scenarios are: ${SCENARIOS.map((scenario) => scenario.name).join(', ')}\n`);
    process.exit(2);
  }
  return SCENARIOS.filter((scenario) => names.includes(scenario.name));
}

/**
 * `npm run bench`: measurements only (nothing here fails on a slow machine); writes bench/RESULTS.md.
 * `npm run bench -- --quick`: every scenario small and short, the report printed, RESULTS.md untouched.
 * `npm run bench -- --only http,rebuild` (or BENCH_ONLY=http,rebuild): those scenarios alone, their tables printed, RESULTS.md untouched.
 * Each scenario's wall time is printed as it ends, and tabled in the report.
 */
async function main(): Promise<void> {
  const machine = describeMachine();
  const load = loadavg().map((n) => n.toFixed(2)).join(', ');
  const selected = selectedScenarios();
  const everything = selected.length === SCENARIOS.length;
  process.stdout.write(
    `Machine: ${machine}; load average ${load}${QUICK ? '; QUICK run (small sizes, short durations)' : ''}${everything ? '' : `; only ${selected.map((scenario) => scenario.name).join(', ')}`}\n`,
  );
  const results: Results = {};
  const times: Row[] = [];
  const started = performance.now();
  for (const scenario of selected) {
    process.stdout.write(`${scenario.intro}\n`);
    const began = performance.now();
    await scenario.run(results);
    const seconds = (performance.now() - began) / 1000;
    times.push({ scenario: scenario.name, seconds: round(seconds, 1) });
    process.stdout.write(`  [${scenario.name}: ${seconds.toFixed(1)} s]\n`);
  }
  times.push({ scenario: 'total', seconds: round((performance.now() - started) / 1000, 1) });
  const timeTable = ['## Time per scenario', '', 'Wall time of each scenario in this run (the build before it not counted):', '', markdownTable(times), ''];
  const sections = selected.flatMap((scenario) => scenario.report(results));
  if (!everything) {
    // Some scenarios alone: their tables printed, RESULTS.md keeps the last full run.
    process.stdout.write(`\n${[...sections, ...timeTable].join('\n')}\n`);
    return;
  }
  const { appends, bare, http, quotes, read, rebuild, aggregateLoad } = results;
  const targets = issue15Targets({
    appends: appends!,
    bare: bare!,
    http: http!,
    quotes: quotes!.throughput,
    rebuild: read!.rebuild,
    queries: read!.queries,
    lag: read!.lag,
    rebuildAt1M: rebuild!.slice(0, 1),
    startAt1M: rebuild!.slice(-1),
    aggregateLoad: worstOfRuns(aggregateLoad!.loads.filter((row) => String(row[AGGREGATE_LOAD_COLUMN]).startsWith('from a snapshot'))),
    rssAt100k: read!.memory,
  });
  const report = [
    '# Benchmark results',
    '',
    `Run by \`npm run bench${QUICK ? ' -- --quick' : ''}\` on ${new Date().toISOString().slice(0, 10)}.`,
    '',
    `Machine: ${machine}; load average at the start ${load}.`,
    '',
    '## Issue 15 targets',
    '',
    'Every row of the table of issue 15, measured in this run; ratios to the bare endpoint are taken in this same run.',
    '',
    markdownTable(targets),
    '',
    ...sections,
    ...timeTable,
  ].join('\n');
  if (QUICK) {
    // Small sizes: the figures only show that every scenario runs; RESULTS.md keeps the last full run.
    process.stdout.write(`\n${report}\n`);
    return;
  }
  const file = resolve(__dirname, '../../bench/RESULTS.md');
  const previous = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const history = previous.includes(HISTORY_MARKER) ? previous.slice(previous.indexOf(HISTORY_MARKER)) : `${HISTORY_MARKER}\n`;
  writeFileSync(file, `${report}\n${history}`);
  process.stdout.write('Wrote bench/RESULTS.md\n');
}

void main();
