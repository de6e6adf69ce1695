import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { benchApiKeyAuth } from './api-key-auth.bench';
import { benchAsOf } from './as-of.bench';
import { benchAuditHistory } from './audit-history.bench';
import { benchAuditVerify } from './audit-verify.bench';
import { benchEventStore } from './event-store.bench';
import { benchHttp } from './http.bench';
import { benchPersonalData } from './personal-data.bench';
import { benchQuoteFlow } from './quote-flow.bench';
import { benchReadMemory, benchReadSide } from './read-side.bench';
import { describeMachine } from './support/machine';
import { markdownTable } from './support/stats';

/** Everything below this line in RESULTS.md is written by hand and kept across runs. */
const HISTORY_MARKER = '<!-- history: kept by npm run bench -->';

/** `npm run bench`: measurements only (nothing here fails on a slow machine); writes bench/RESULTS.md. */
async function main(): Promise<void> {
  const machine = describeMachine();
  if (process.env.BENCH_ONLY === 'audit-history') {
    // One scenario on its own (its tables printed, RESULTS.md untouched): `BENCH_ONLY=audit-history npm run bench`.
    const audit = await benchAuditHistory();
    process.stdout.write(`${markdownTable(audit.seed)}\n\n${markdownTable(audit.queries)}\n`);
    return;
  }
  process.stdout.write(`Machine: ${machine}\nEmbedded event store (SQLite, WAL, synchronous=FULL):\n`);
  const appends = await benchEventStore();
  process.stdout.write('Authenticating one request (in process, embedded store):\n');
  const authentication = await benchApiKeyAuth();
  process.stdout.write('Hash chain verification (embedded, 1,000,000 events):\n');
  const verification = await benchAuditVerify();
  process.stdout.write('HTTP (autocannon against the built API, embedded store):\n');
  const http = await benchHttp();
  process.stdout.write(`  ${JSON.stringify(http)}\n`);
  process.stdout.write('Quote to won deal over HTTP (process managers in the same process):\n');
  const quotes = await benchQuoteFlow();
  process.stdout.write(`  ${JSON.stringify(quotes.throughput[0])}\n  ${JSON.stringify(quotes.latency[0])}\n`);
  process.stdout.write('Read side (100k opportunities, embedded):\n');
  const read = await benchReadSide();
  process.stdout.write('Memory of the API at two sizes (embedded):\n');
  const readMemory = await benchReadMemory();
  process.stdout.write('Time travel (as-of reads folded from the log, embedded):\n');
  const asOf = await benchAsOf();
  process.stdout.write("Auditors' history over 1M events (GET /audit/events, embedded):\n");
  const audit = await benchAuditHistory();
  process.stdout.write('Personal data encryption on the import and command paths (plain and encrypted log alternated):\n');
  const personalData = await benchPersonalData();
  const report = [
    '# Benchmark results',
    '',
    `Run by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}.`,
    '',
    `Machine: ${machine}.`,
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
    markdownTable(http),
    '',
    '## From quote to won deal over HTTP (embedded; the process managers run in the API process)',
    '',
    markdownTable(quotes.throughput),
    '',
    markdownTable(quotes.latency),
    '',
    '## Read side over 100,000 opportunities plus the imported CRM data set (embedded: SQLite + mingo, in-memory document cache)',
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
    'Resident memory of sales-api (seeded history, rebuilt read models, every list read once; then 4 clients reading the lists):',
    '',
    markdownTable(readMemory),
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
  ].join('\n');
  const file = resolve(__dirname, '../../bench/RESULTS.md');
  const previous = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const history = previous.includes(HISTORY_MARKER) ? previous.slice(previous.indexOf(HISTORY_MARKER)) : `${HISTORY_MARKER}\n`;
  writeFileSync(file, `${report}\n${history}`);
  process.stdout.write('Wrote bench/RESULTS.md\n');
}

void main();
