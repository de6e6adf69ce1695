import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type CommandContext, type EventStore, PersonalDataEventStore, SqliteEventStore, SqliteSubjectKeyStore } from '@ledger/event-sourcing';
import { type CrmSalesFiles, handleAccount, importCrmSales, readCrmSalesFolder, salesPersonalData } from '@ledger/sales';
import { type Row, round } from './support/stats';
import { sized } from './support/mode';

const DATA_SET = resolve(__dirname, '../../seed/crm-sales');
const ACCOUNTS = sized(1_000, 100);
/** Rows of sales_pipeline.csv imported: all 8,800, or (quick) the first 1,000. */
const PIPELINE_ROWS = sized(Number.POSITIVE_INFINITY, 1_000);

/** The CRM data set, its pipeline cut to PIPELINE_ROWS rows (the header kept). */
function dataSet(): CrmSalesFiles {
  const files = readCrmSalesFolder(DATA_SET);
  return Number.isFinite(PIPELINE_ROWS) ? { ...files, pipeline: files.pipeline.split('\n').slice(0, PIPELINE_ROWS + 1).join('\n') } : files;
}
const CONCURRENCY = 16;

type Mode = 'plain' | 'encrypted';

/** A fresh data folder's log, with or without the personal-data layer (what every store ran before and runs now). */
const openLog = (dir: string, mode: Mode): EventStore =>
  mode === 'plain'
    ? new SqliteEventStore(join(dir, 'events.db'))
    : new PersonalDataEventStore(new SqliteEventStore(join(dir, 'events.db')), new SqliteSubjectKeyStore(join(dir, 'keys.db')), salesPersonalData);

async function inFreshFolder<T>(mode: Mode, run: (store: EventStore) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-personal-data-'));
  const store = openLog(dir, mode);
  try {
    return await run(store);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

let sequence = 0;
const context = (): CommandContext => {
  sequence += 1;
  const commandId = `bench-${sequence}`;
  return { commandId, correlationId: commandId, causationId: commandId, actor: { userId: 'bench', role: 'admin' }, occurredAt: new Date().toISOString() };
};
const uuid = (n: number, kind: number): string => `00000000-0000-4000-8${kind}00-${n.toString(16).padStart(12, '0')}`;

/** Per account, through the command path (load and fold the stream, decide, append): register, 4 contacts added, 2 contacts updated. */
async function contactsThroughCommands(store: EventStore): Promise<{ events: number; seconds: number }> {
  let next = 0;
  let events = 0;
  const worker = async (): Promise<void> => {
    while (next < ACCOUNTS) {
      const n = next++;
      const accountId = uuid(n, 1);
      const run = async (command: Parameters<typeof handleAccount>[1]): Promise<void> => {
        const result = await handleAccount(store, command, context());
        events += result.appended;
      };
      await run({ type: 'RegisterAccount', accountId, name: `Account ${n}`, sector: null, yearEstablished: null, annualRevenue: null, employees: null, officeLocation: null, parentAccountId: null });
      for (let c = 0; c < 4; c += 1) {
        const personal = { fullName: `Person ${n}-${c}`, email: `person.${n}.${c}@bench.example`, phone: `+1 555 ${String(n).padStart(4, '0')}` };
        await run({ type: 'AddContact', accountId, contactId: uuid(n * 4 + c, 2), personal, title: null, preferredChannel: null });
      }
      for (let c = 0; c < 2; c += 1) {
        await run({ type: 'UpdateContact', accountId, contactId: uuid(n * 4 + c, 2), changes: {}, personal: { email: `new.${n}.${c}@bench.example` } });
      }
    }
  };
  const started = process.hrtime.bigint();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return { events, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

/**
 * The cost of encrypting personal data on the import path, plain and encrypted alternated in one
 * run: the CRM data set import (it carries no contacts: the layer only looks at each event's type)
 * and contact-heavy accounts through the command path (every load decrypts, every add makes a key).
 */
export async function benchPersonalData(): Promise<Row[]> {
  const rows: Row[] = [];
  const files = dataSet();
  for (const round_ of sized([1, 2], [1])) {
    for (const mode of ['plain', 'encrypted'] as const) {
      const report = await inFreshFolder(mode, (store) => importCrmSales(store, files, { actor: { userId: 'bench', role: 'system' } }));
      rows.push({ workload: `salesctl import crm-sales (no contacts${Number.isFinite(PIPELINE_ROWS) ? `; its first ${PIPELINE_ROWS} pipeline rows` : ''})`, round: round_, log: mode, events: report.events, seconds: round(report.seconds, 2), 'events/s': report.eventsPerSecond });
    }
    for (const mode of ['plain', 'encrypted'] as const) {
      const { events, seconds } = await inFreshFolder(mode, contactsThroughCommands);
      rows.push({ workload: `${ACCOUNTS} accounts × (register, 4 contacts, 2 contact updates), ${CONCURRENCY} writers`, round: round_, log: mode, events, seconds: round(seconds, 2), 'events/s': Math.round(events / seconds) });
    }
  }
  return rows;
}
