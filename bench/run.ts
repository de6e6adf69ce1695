import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { benchAggregateLoad } from './aggregate-load.bench';
import { benchApiKeyAuth } from './api-key-auth.bench';
import { benchAsOf } from './as-of.bench';
import { benchAuditHistory } from './audit-history.bench';
import { benchAuditVerify } from './audit-verify.bench';
import { BARE_ENDPOINT, benchBareEndpoint } from './bare-endpoint.bench';
import { benchEventStore } from './event-store.bench';
import { benchAppendToVisible, benchHttp } from './http.bench';
import { benchPersonalData } from './personal-data.bench';
import { benchQuoteFlow } from './quote-flow.bench';
import { benchRebuild } from './rebuild.bench';
import { benchReadMemory, benchReadSide } from './read-side.bench';
import { describeMachine } from './support/machine';
import { QUICK } from './support/mode';
import { type Row, markdownTable } from './support/stats';
import { issue15Targets } from './support/targets';

/** Everything below this line in RESULTS.md is written by hand and kept across runs. */
const HISTORY_MARKER = '<!-- history: kept by npm run bench -->';

/** The worst p50 and p99 over the runs a row lists ("0.13 / 0.12"), over every row given: what the targets are held to. */
function worstOfRuns(rows: readonly Row[]): Row[] {
  const worst = (column: string): number => Math.max(...rows.flatMap((row) => String(row[column]).split(' / ').map(Number)));
  return rows.length === 0 ? [] : [{ 'p50 ms': worst('p50 ms (runs)'), 'p99 ms': worst('p99 ms (runs)') }];
}

/**
 * `npm run bench`: measurements only (nothing here fails on a slow machine); writes bench/RESULTS.md.
 * `npm run bench -- --quick`: every scenario small and short, the report printed, RESULTS.md untouched.
 */
async function main(): Promise<void> {
  const machine = describeMachine();
  const load = loadavg().map((n) => n.toFixed(2)).join(', ');
  if (process.env.BENCH_ONLY === 'audit-history') {
    // One scenario on its own (its tables printed, RESULTS.md untouched): `BENCH_ONLY=audit-history npm run bench`.
    const audit = await benchAuditHistory();
    process.stdout.write(`${markdownTable(audit.seed)}\n\n${markdownTable(audit.queries)}\n`);
    return;
  }
  process.stdout.write(`Machine: ${machine}; load average ${load}${QUICK ? '; QUICK run (small sizes, short durations)' : ''}\nEmbedded event store (SQLite, WAL, synchronous=FULL):\n`);
  const appends = await benchEventStore();
  process.stdout.write('Authenticating one request (in process, embedded store):\n');
  const authentication = await benchApiKeyAuth();
  process.stdout.write('Hash chain verification (embedded, 1,000,000 events):\n');
  const verification = await benchAuditVerify();
  process.stdout.write(`Reference: ${BARE_ENDPOINT} (autocannon, 64 connections):\n`);
  const bare = await benchBareEndpoint();
  process.stdout.write(`  ${JSON.stringify(bare[0])}\n`);
  process.stdout.write('HTTP (autocannon against the built API, embedded store):\n');
  const http = await benchHttp();
  process.stdout.write(`  ${JSON.stringify(http)}\n`);
  const visible = await benchAppendToVisible();
  process.stdout.write(`  ${JSON.stringify(visible)}\n`);
  process.stdout.write('Quote to won deal over HTTP (process managers in the same process):\n');
  const quotes = await benchQuoteFlow();
  process.stdout.write(`  ${JSON.stringify(quotes.throughput[0])}\n  ${JSON.stringify(quotes.latency[0])}\n`);
  process.stdout.write('Read side (generated history of 100k opportunities, embedded):\n');
  const read = await benchReadSide();
  process.stdout.write('Rebuild and start over a generated log (1M events, 20k with --quick):\n');
  const rebuildAndStart = await benchRebuild();
  process.stdout.write('Memory of the API at a second, smaller size of the generated history (embedded):\n');
  const readMemory = await benchReadMemory();
  process.stdout.write('Time travel (as-of reads folded from the log, embedded):\n');
  const asOf = await benchAsOf();
  process.stdout.write("Auditors' history over 1M events (GET /audit/events, embedded):\n");
  const audit = await benchAuditHistory();
  process.stdout.write('Personal data encryption on the import and command paths (plain and encrypted log alternated):\n');
  const personalData = await benchPersonalData();
  process.stdout.write('Loading an aggregate of 10,000 events, with and without snapshots; the cost of snapshots to commands and appends:\n');
  const aggregateLoad = await benchAggregateLoad();
  const targets = issue15Targets({
    appends,
    bare,
    http,
    quotes: quotes.throughput,
    rebuild: read.rebuild,
    queries: read.queries,
    lag: read.lag,
    rebuildAt1M: rebuildAndStart.slice(0, 1),
    startAt1M: rebuildAndStart.slice(-1),
    aggregateLoad: worstOfRuns(aggregateLoad.loads.filter((row) => String(row['load of a 10,000-event opportunity']).startsWith('from a snapshot'))),
    rssAt100k: read.memory,
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
    '## Embedded event store appends (SQLite, WAL, synchronous=FULL: every acknowledged append is fsynced)',
    '',
    markdownTable(appends),
    '',
    '## Authenticating one request (in process, embedded store: an API key against a bearer JWT, each with its stream read)',
    '',
    markdownTable(authentication),
    '',
    '## Hash chain verification (embedded; `GET /audit/verify`, `salesctl audit verify`)',
    '',
    markdownTable(verification),
    '',
    '## HTTP commands (autocannon, embedded store, JWT auth, validation, fsync per group commit)',
    '',
    `The reference, in the same run: ${BARE_ENDPOINT} (same NestJS and Fastify versions, no auth, no validation, no logging):`,
    '',
    markdownTable(bare),
    '',
    markdownTable(http.map((row) => ({ ...row, '× bare': (Number(row['commands/s']) / Number(bare[0]['requests/s'])).toFixed(3) }))),
    '',
    markdownTable(visible),
    '',
    '## From quote to won deal over HTTP (embedded; the process managers run in the API process)',
    '',
    markdownTable(quotes.throughput.map((row) => ({ ...row, '× bare': (Number(row['commands/s']) / Number(bare[0]['requests/s'])).toFixed(3) }))),
    '',
    markdownTable(quotes.latency),
    '',
    '## Read side over a generated history of 100,000 opportunities (`salesctl generate --seed 1`) plus the imported CRM data set (embedded: SQLite + mingo, in-memory document cache)',
    '',
    markdownTable(read.rebuild),
    '',
    markdownTable(read.catchUp),
    '',
    'The same totals by scanning every fact per request and by adding up cube cells, in one process on the rebuilt read models:',
    '',
    markdownTable(read.scans),
    '',
    'Over HTTP, 4 concurrent clients, 6 s each:',
    '',
    markdownTable(read.queries),
    '',
    'Commands (open an opportunity) alone, then while 4 clients read reports:',
    '',
    markdownTable(read.contention),
    '',
    markdownTable(read.lag),
    '',
    'Resident memory of sales-api (generated history, rebuilt read models, every read path read once; then its peak while 4 clients read): the full size, then a smaller one',
    '',
    markdownTable([...read.memory, ...readMemory]),
    '',
    '## Rebuild of every read model and the API start, over a generated log (1M events; 20k with --quick)',
    '',
    markdownTable(rebuildAndStart),
    '',
    '## Time travel: reads as of an instant, folded from the log through the live projections (embedded, in process)',
    '',
    markdownTable(asOf),
    '',
    "## Auditors' history over 1M events (GET /audit/events, embedded; one request at a time)",
    '',
    markdownTable(audit.seed),
    '',
    markdownTable(audit.queries),
    '',
    '## Encryption of personal data (per-contact AES-256-GCM, keys in keys.db, fsynced): the log plain and encrypted, alternated in one run',
    '',
    markdownTable(personalData),
    '',
    '## Loading an aggregate of 10,000 events: from the log, and from a snapshot beside it (embedded, in process, alternated in one run)',
    '',
    markdownTable(aggregateLoad.loads),
    '',
    'Concurrent single-event commands (load, fold, decide, append; group commit, fsync) and appends, snapshots off and on, alternated:',
    '',
    markdownTable(aggregateLoad.appends),
    '',
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
