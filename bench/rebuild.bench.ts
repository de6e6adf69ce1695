import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type CommandContext, SqliteEventStore } from '@ledger/event-sourcing';
import { STAGES, handleAccount, handleOpportunity, handleTask, parseSalesTeamsCsv, seedTeam } from '@ledger/sales';
import { rebuildDataDir } from './support/rebuild';
import { startBenchApi } from './support/api';
import { sized } from './support/mode';
import { type Row, round } from './support/stats';

const TEAM_CSV = resolve(__dirname, '../../seed/crm-sales/sales_teams.csv');
const SECTORS = ['technology', 'medical', 'retail', 'software', 'finance', 'marketing'];
const PRODUCTS = ['GTX Basic', 'GTX Pro', 'MG Special', 'MG Advanced', 'GTX Plus Pro', 'GTX Plus Basic', 'GTK 500'];
/** Events one opportunity's history makes on average (open, stage moves, a task and its completion, won or lost). */
const EVENTS_PER_OPPORTUNITY = 5.67;
const day = (offset: number): string => new Date(Date.UTC(2024, 0, 1) + offset * 86_400_000).toISOString().slice(0, 10);
const uuid = (kind: string, i: number): string => `00000000-0000-4000-${kind}-${String(i).padStart(12, '0')}`;

/**
 * About `events` events through the real command path (appends through the command handlers, no
 * HTTP): the seeded team, one account per 100 opportunities, and per opportunity an opening, two or
 * three stage moves, a task created and completed, and two thirds of them won or lost.
 */
export async function seedHistory(file: string, events: number): Promise<number> {
  const store = new SqliteEventStore(file);
  await seedTeam(store, TEAM_CSV);
  const reps = parseSalesTeamsCsv(readFileSync(TEAM_CSV, 'utf8')).members.filter((member) => member.role === 'rep').map((member) => member.userId);
  const opportunities = Math.max(1, Math.round(events / EVENTS_PER_OPPORTUNITY));
  const accounts = Math.max(1, Math.ceil(opportunities / 100));
  let n = 0;
  const context = (userId = 'seed'): CommandContext => {
    n += 1;
    return { commandId: `seed-${n}`, correlationId: 'seed', causationId: 'seed', actor: { userId, role: 'admin' }, occurredAt: new Date().toISOString() };
  };
  for (let start = 0; start < accounts; start += 200) {
    await Promise.all(
      Array.from({ length: Math.min(200, accounts - start) }, (_, k) => start + k).map((i) =>
        handleAccount(store, { type: 'RegisterAccount', accountId: uuid('9000', i), name: `Account ${i}`, sector: SECTORS[i % SECTORS.length], yearEstablished: 1990 + (i % 30), annualRevenue: { amountMinor: (i + 1) * 1_000_000_00, currency: 'USD' }, employees: 10 + ((i * 37) % 5000), officeLocation: 'United States', parentAccountId: null }, context()),
      ),
    );
  }
  const one = async (i: number): Promise<void> => {
    const id = uuid('8000', i);
    const owner = reps[i % reps.length];
    const run = (command: object) => handleOpportunity(store, { ...command, opportunityId: id } as never, context());
    const openedOn = day(i % 700);
    await run({
      type: 'OpenOpportunity',
      title: `Deal ${i}`,
      accountId: uuid('9000', i % accounts),
      accountName: `Account ${i % accounts}`,
      ownerId: owner,
      amount: { amountMinor: 10_000 + ((i * 7919) % 5_000_000), currency: i % 5 === 0 ? 'EUR' : 'USD' },
      expectedCloseDate: day((i % 700) + 30 + (i % 90)),
      source: 'web',
      productInterest: PRODUCTS[i % PRODUCTS.length],
      openedOn,
    });
    await run({ type: 'ChangeStage', stage: STAGES[1], reason: null });
    await run({ type: 'ChangeStage', stage: STAGES[1 + (i % 4)] === STAGES[1] ? STAGES[2] : STAGES[1 + (i % 4)], reason: null });
    const taskId = uuid('a000', i);
    await handleTask(store, { type: 'CreateTask', taskId, title: `Call about deal ${i}`, assigneeId: owner, opportunityId: id, accountId: null, dueDate: day((i % 700) + 3), priority: 'normal', origin: { kind: 'manual' }, notes: null } as never, context());
    await handleTask(store, { type: 'CompleteTask', taskId, outcome: 'done' } as never, context(owner));
    const closedOn = day((i % 700) + 5 + ((i * 13) % 120));
    if (i % 3 === 0) await run({ type: 'MarkWon', closedOn });
    else if (i % 3 === 1) await run({ type: 'MarkLost', reason: ['price', 'timing', 'competitor', 'no budget'][i % 4], competitor: i % 2 === 0 ? 'Globex' : null, closedOn });
  };
  for (let start = 0; start < opportunities; start += 500) {
    await Promise.all(Array.from({ length: Math.min(500, opportunities - start) }, (_, k) => one(start + k)));
  }
  const total = Number((await store.lastPosition())!.commit);
  await store.close();
  return total;
}

/** A seeded log of about `events` events, kept between runs in the temp folder (seeding 1M takes minutes). */
async function seededLog(events: number): Promise<{ file: string; events: number }> {
  const file = join(tmpdir(), `bench-rebuild-${events}.events.db`);
  if (!existsSync(file)) {
    const partial = `${file}.partial`;
    for (const suffix of ['', '-wal', '-shm', '.snapshots.db']) rmSync(`${partial}${suffix}`, { force: true });
    await seedHistory(partial, events);
    copyFileSync(partial, file);
    for (const suffix of ['', '-wal', '-shm', '.snapshots.db']) rmSync(`${partial}${suffix}`, { force: true });
  }
  const store = new SqliteEventStore(file);
  const head = Number((await store.lastPosition())!.commit);
  await store.close();
  return { file, events: head };
}


async function untilReady(url: string): Promise<void> {
  for (;;) {
    const answer = await fetch(`${url}/health/ready`);
    await answer.arrayBuffer();
    if (answer.status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Process start → `/health/ready` answers 200, with `DATA_DIR` as it is. */
async function startToReady(dataDir: string): Promise<number> {
  const started = performance.now();
  const api = await startBenchApi(dataDir);
  try {
    await untilReady(api.url);
    return (performance.now() - started) / 1000;
  } finally {
    await api.stop();
  }
}

/**
 * Rebuild of every read model over a generated log (1M events, 5k under `--quick`), then the
 * API's start on it: the first start (the process managers, which a rebuild leaves alone, catch up
 * from zero) and a second one with every checkpoint at the head.
 */
export async function benchRebuild(): Promise<Row[]> {
  const log = await seededLog(sized(1_000_000, 5_000));
  process.stdout.write(`  log of ${log.events} events (${log.file})\n`);
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-rebuild-'));
  try {
    copyFileSync(log.file, join(dataDir, 'events.db'));
    const rows: Row[] = [];
    rows.push(await rebuildDataDir(dataDir));
    process.stdout.write(`  ${JSON.stringify(rows.at(-1))}\n`);
    const first = await startToReady(dataDir);
    rows.push({ measure: 'API start → /health/ready after the rebuild (process managers from zero)', events: log.events, seconds: round(first, 2), 'events/s': '' });
    process.stdout.write(`  ${JSON.stringify(rows.at(-1))}\n`);
    const again = await startToReady(dataDir);
    rows.push({ measure: 'API start → /health/ready, every checkpoint at the head', events: log.events, seconds: round(again, 2), 'events/s': '' });
    process.stdout.write(`  ${JSON.stringify(rows.at(-1))}\n`);
    return rows;
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  void benchRebuild().then((rows) => process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`));
}
