import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type CommandContext,
  DomainError,
  type EventToAppend,
  eventIdFor,
  foldStream,
  handleCommand,
  snapshotWritesSettled,
  SqliteEventStore,
  stamped,
  type WithoutTimeAndActor,
} from '@ledger/event-sourcing';
import { type OpportunityCommand, opportunityDecider, opportunityEvents, type OpportunityState, opportunityStream, STAGES } from '@ledger/sales';
import { sized } from './support/mode';
import { type Row, percentile, round } from './support/stats';

/** Events in the long stream: the opportunity is the aggregate with the most events per record and the widest evolve. */
export const LONG_STREAM = sized(10_000, 1_000);
/** The loads table's first column, which names the stream's length (run.ts picks the snapshot rows by it). */
export const AGGREGATE_LOAD_COLUMN = `load of a ${LONG_STREAM.toLocaleString('en-US')}-event opportunity`;
/** Loads timed per round: fewer from the log alone, where each takes a quarter of a second on a busy machine. */
const LOADS = sized({ log: 60, snapshot: 400 }, { log: 5, snapshot: 20 });
/** Off and on alternated this many times (a quick run: once, to show both run). */
const ROUNDS = sized(2, 1);
const SNAPSHOT_EVERY = 100;
/** Concurrent appends straight to the store, per run. */
const APPENDS = sized(40_000, 2_000);
/** Commands in flight on short streams (40 commands each, under one snapshot interval) and on long ones (200 each, past two; 120 with --quick, past one). */
const WORKERS = sized({ short: 256, long: 64 }, { short: 16, long: 4 });
const LONG_COMMANDS = sized(200, 120);

const at = (): string => new Date().toISOString();
const context = (commandId = randomUUID()): CommandContext => ({
  commandId,
  correlationId: commandId,
  causationId: commandId,
  actor: { userId: 'bench', role: 'admin' },
  occurredAt: at(),
});

/** The commands a long-lived opportunity goes through, in turn (lost and reopened, never won: a won deal takes no more); the ones the domain refuses at that point are skipped. */
const lifeOf = (opportunityId: string, step: number): WithoutTimeAndActor<OpportunityCommand> => {
  const turn = step % 12;
  if (turn < 4) return { type: 'ChangeStage', opportunityId, stage: STAGES[(step >> 2) % 4], reason: null };
  if (turn < 7) return { type: 'UpdateOpportunityDetails', opportunityId, amount: { amountMinor: 100_000 + step, currency: 'USD' }, expectedCloseDate: `2027-0${1 + (step % 9)}-15` };
  if (turn < 9) return { type: 'ReassignOwner', opportunityId, ownerId: step % 2 === 0 ? 'ana' : 'ben' };
  if (turn === 9) return { type: 'MarkLost', opportunityId, reason: 'price', competitor: null };
  if (turn === 10) return { type: 'Reopen', opportunityId, reason: null };
  return { type: 'UpdateOpportunityDetails', opportunityId, title: `A long negotiation, round ${step}` };
};

/** A realistic history of `length` events, decided by the domain in memory and appended in batches (one command id per event, as the command path writes them). */
async function writeLongOpportunity(store: SqliteEventStore, opportunityId: string, length: number): Promise<void> {
  const open: WithoutTimeAndActor<OpportunityCommand> = {
    type: 'OpenOpportunity', opportunityId, title: 'A long negotiation', accountId: randomUUID(), accountName: 'Acme', ownerId: 'ana',
    amount: { amountMinor: 100_000, currency: 'USD' }, expectedCloseDate: '2027-06-30', source: 'web', productInterest: null,
  };
  let state: OpportunityState = opportunityDecider.initialState();
  let batch: EventToAppend[] = [];
  let written = -1;
  let refusedInARow = 0;
  for (let step = -1; written + batch.length + 1 < length; step += 1) {
    const command = stamped<OpportunityCommand>(step < 0 ? open : lifeOf(opportunityId, step), context());
    let decided;
    try {
      decided = opportunityDecider.decide(command, state);
      refusedInARow = 0;
    } catch (error) {
      refusedInARow += 1;
      if (error instanceof DomainError && refusedInARow < 100) continue;
      throw error;
    }
    for (const event of decided) {
      state = opportunityDecider.evolve(state, event);
      const commandId = randomUUID();
      batch.push({ id: eventIdFor(commandId, 0), type: event.type, data: event.data, metadata: { ...context(commandId), schemaVersion: opportunityEvents.version(event.type) } });
    }
    if (batch.length >= 100) {
      written = (await store.append(opportunityStream(opportunityId), batch, written === -1 ? 'no_stream' : written)).nextExpectedRevision;
      batch = [];
    }
  }
  if (batch.length > 0) await store.append(opportunityStream(opportunityId), batch, written === -1 ? 'no_stream' : written);
}

/** Wall-clock percentiles, and the process's CPU time per load (what a load costs whatever else shares the cores). */
type Sampled = { readonly p50: number; readonly p99: number; readonly cpu: number };

async function timeLoads(store: SqliteEventStore, stream: string, loads: number): Promise<Sampled> {
  const samples: number[] = [];
  const cpu = process.cpuUsage();
  for (let load = 0; load < loads; load += 1) {
    const started = process.hrtime.bigint();
    await foldStream(store, { decider: opportunityDecider, codec: opportunityEvents }, stream);
    samples.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  const used = process.cpuUsage(cpu);
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 50), p99: percentile(samples, 99), cpu: (used.user + used.system) / 1000 / loads };
}

/**
 * Loading one opportunity of 10,000 events (1,000 with --quick; read and fold, as a command does before deciding): from
 * the log alone, and from a snapshot with 0 and 99 events after it (the best and the worst case
 * between two snapshots taken every 100 events). The same file, read by two stores (snapshots off
 * and on), alternated, in one process.
 */
async function loads(dir: string): Promise<Row[]> {
  const file = join(dir, 'long.db');
  const writer = new SqliteEventStore(file, { snapshotEvery: 0 });
  const atTip = randomUUID();
  const behind = randomUUID();
  await writeLongOpportunity(writer, atTip, LONG_STREAM);
  await writeLongOpportunity(writer, behind, LONG_STREAM - 99);
  const plain = new SqliteEventStore(file, { snapshotEvery: 0 });
  const snapshotting = new SqliteEventStore(file, { snapshotEvery: SNAPSHOT_EVERY });
  // The first loads take the snapshots; 99 more events then follow the second one's.
  await foldStream(snapshotting, { decider: opportunityDecider, codec: opportunityEvents }, opportunityStream(atTip));
  await foldStream(snapshotting, { decider: opportunityDecider, codec: opportunityEvents }, opportunityStream(behind));
  await snapshotWritesSettled();
  await appendMore(writer, behind, 99);
  const cases = [
    { name: 'from the log (no snapshot)', store: plain, stream: opportunityStream(atTip), loads: LOADS.log },
    { name: 'from a snapshot at the last event', store: snapshotting, stream: opportunityStream(atTip), loads: LOADS.snapshot },
    { name: 'from a snapshot 99 events behind', store: snapshotting, stream: opportunityStream(behind), loads: LOADS.snapshot },
  ];
  const results = new Map<string, Sampled[]>();
  for (let round_ = 0; round_ < ROUNDS; round_ += 1) {
    for (const { name, store, stream, loads: count } of cases) {
      await timeLoads(store, stream, 5);
      results.set(name, [...(results.get(name) ?? []), await timeLoads(store, stream, count)]);
    }
  }
  const snapshot = await snapshotting.snapshotsFor()!.read(opportunityStream(atTip));
  await Promise.all([writer.close(), plain.close(), snapshotting.close()]);
  const base = results.get(cases[0].name)!;
  return cases.map(({ name, loads: count }) => {
    const runs = results.get(name)!;
    return {
      [AGGREGATE_LOAD_COLUMN]: name,
      loads: count * ROUNDS,
      'p50 ms (runs)': runs.map((run) => round(run.p50, 3)).join(' / '),
      'p99 ms (runs)': runs.map((run) => round(run.p99, 3)).join(' / '),
      'CPU ms per load (runs)': runs.map((run) => round(run.cpu, 3)).join(' / '),
      'full fold ÷ this (p50)': round(base.reduce((sum, run) => sum + run.p50, 0) / runs.reduce((sum, run) => sum + run.p50, 0), 1),
      'snapshot bytes': name.startsWith('from a snapshot') ? (snapshot?.data.length ?? 0) : '',
    };
  });
}

async function appendMore(store: SqliteEventStore, opportunityId: string, count: number): Promise<void> {
  const stream = opportunityStream(opportunityId);
  for (let step = 0, appended = 0; appended < count; step += 1) {
    const result = await handleCommand(store, opportunityDecider, opportunityEvents, stream, stamped<OpportunityCommand>(lifeOf(opportunityId, step), context()), context()).catch(
      (error: unknown) => {
        if (error instanceof DomainError) return null;
        throw error;
      },
    );
    appended += result?.appended ?? 0;
  }
}

/**
 * Concurrent single-event commands through the command path (load with its snapshot lookup, fold,
 * decide, append with group commit and fsync), each worker on its own opportunity: streams that stay
 * shorter than one snapshot interval (the lookup's cost alone), and streams that grow past several.
 */
async function commands(dir: string, snapshotEvery: number, workers: number, perWorker: number, runName: string): Promise<Row> {
  const store = new SqliteEventStore(join(dir, `${runName}-${snapshotEvery}-${randomUUID()}.db`), { snapshotEvery });
  const latencies: number[] = [];
  const worker = async (): Promise<void> => {
    const opportunityId = randomUUID();
    const stream = opportunityStream(opportunityId);
    const open = { type: 'OpenOpportunity', opportunityId, title: 'Deal', accountId: randomUUID(), accountName: 'Acme', ownerId: 'ana', amount: null, expectedCloseDate: '2027-06-30', source: 'web', productInterest: null } as const;
    await handleCommand(store, opportunityDecider, opportunityEvents, stream, stamped<OpportunityCommand>(open, context()), context());
    for (let step = 0; step < perWorker; step += 1) {
      const command = { type: 'UpdateOpportunityDetails', opportunityId, amount: { amountMinor: 1000 + step, currency: 'USD' } } as const;
      const started = process.hrtime.bigint();
      await handleCommand(store, opportunityDecider, opportunityEvents, stream, stamped<OpportunityCommand>(command, context()), context());
      latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
  };
  const started = process.hrtime.bigint();
  await Promise.all(Array.from({ length: workers }, worker));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await snapshotWritesSettled();
  await store.close();
  latencies.sort((a, b) => a - b);
  return {
    streams: runName,
    snapshots: snapshotEvery === 0 ? 'off' : `every ${snapshotEvery}`,
    'commands in flight': workers,
    commands: latencies.length,
    'commands/s': round((workers * perWorker) / seconds),
    'p50 ms': round(percentile(latencies, 50), 2),
    'p99 ms': round(percentile(latencies, 99), 2),
  };
}

/** Concurrent single-event appends straight to the store (no load): snapshots never touch this path. */
async function appends(dir: string, snapshotEvery: number): Promise<Row> {
  const store = new SqliteEventStore(join(dir, `appends-${snapshotEvery}-${randomUUID()}.db`), { snapshotEvery });
  const latencies: number[] = [];
  const total = APPENDS;
  let next = 0;
  const worker = async (): Promise<void> => {
    const stream = opportunityStream(randomUUID());
    let revision: number | 'no_stream' = 'no_stream';
    while (next < total) {
      next += 1;
      const commandId = randomUUID();
      const event: EventToAppend = { id: eventIdFor(commandId, 0), type: 'OpportunityOwnerReassigned', data: { opportunityId: stream, ownerId: 'ana' }, metadata: { ...context(commandId), schemaVersion: 1 } };
      const started = process.hrtime.bigint();
      revision = (await store.append(stream, [event], revision)).nextExpectedRevision;
      latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
  };
  const started = process.hrtime.bigint();
  await Promise.all(Array.from({ length: 256 }, worker));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await store.close();
  latencies.sort((a, b) => a - b);
  return {
    streams: 'appends only (store.append, no load)',
    snapshots: snapshotEvery === 0 ? 'off' : `every ${snapshotEvery}`,
    'commands in flight': 256,
    commands: latencies.length,
    'commands/s': round(latencies.length / seconds),
    'p50 ms': round(percentile(latencies, 50), 2),
    'p99 ms': round(percentile(latencies, 99), 2),
  };
}

export async function benchAggregateLoad(): Promise<{ loads: Row[]; appends: Row[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-aggregate-load-'));
  try {
    const loadRows = await loads(dir);
    for (const row of loadRows) process.stdout.write(`  ${JSON.stringify(row)}\n`);
    const appendRows: Row[] = [];
    // Off and on alternated, twice each: absolute rates drift on a shared machine, the ratio within a pair less so.
    for (let round_ = 0; round_ < ROUNDS; round_ += 1) {
      for (const every of [0, SNAPSHOT_EVERY]) {
        appendRows.push(await appends(dir, every));
        appendRows.push(await commands(dir, every, WORKERS.short, 40, 'short (41 events each: never snapshotted)'));
        appendRows.push(await commands(dir, every, WORKERS.long, LONG_COMMANDS, `long (${LONG_COMMANDS + 1} events each)`));
        for (const row of appendRows.slice(-3)) process.stdout.write(`  ${JSON.stringify(row)}\n`);
      }
    }
    return { loads: loadRows, appends: appendRows };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
