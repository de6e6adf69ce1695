import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import type { RecordedEvent, SnapshotStore } from './event-store.port';
import { type CommandContext, handleCommand } from './handle-command';
import { type Decider, DomainError, type Event, eventCodec, type EventCodec } from './kernel';
import { loadState } from './load-state';
import { foldStream, snapshotVersion, snapshotWritesSettled } from './snapshots';
import { SqliteEventStore } from './sqlite-event-store';

type Tallied = Event<'Tallied', { label: string; by: number }>;
type Closed = Event<'Closed', { at: string }>;
type Reopened = Event<'Reopened', { reason: string | null }>;
type TallyEvent = Tallied | Closed | Reopened;
type TallyCommand = { type: 'tally'; labels: string[]; by: number } | { type: 'close'; at: string } | { type: 'reopen'; reason: string | null };
type TallyState = {
  readonly total: number;
  readonly byLabel: Readonly<Record<string, number>>;
  readonly recent: readonly string[];
  readonly closedAt: string | null;
  readonly reopenReasons: readonly (string | null)[];
};

/** A state with nested records, arrays and nulls; a command may append several events at once, or be refused. */
const tally: Decider<TallyCommand, TallyState, TallyEvent> = {
  initialState: () => ({ total: 0, byLabel: {}, recent: [], closedAt: null, reopenReasons: [] }),
  decide: (command, state) => {
    switch (command.type) {
      case 'tally':
        if (state.closedAt !== null) throw new DomainError('closed', 'rule-violated', 'closed');
        return command.labels.map((label) => ({ type: 'Tallied', data: { label, by: command.by } }));
      case 'close':
        return state.closedAt === null ? [{ type: 'Closed', data: { at: command.at } }] : [];
      case 'reopen':
        if (state.closedAt === null) throw new DomainError('open', 'rule-violated', 'not closed');
        return [{ type: 'Reopened', data: { reason: command.reason } }];
    }
  },
  evolve: (state, event) => {
    switch (event.type) {
      case 'Tallied':
        return {
          ...state,
          total: state.total + event.data.by,
          byLabel: { ...state.byLabel, [event.data.label]: (state.byLabel[event.data.label] ?? 0) + event.data.by },
          recent: [...state.recent, event.data.label].slice(-3),
        };
      case 'Closed':
        return { ...state, closedAt: event.data.at };
      case 'Reopened':
        return { ...state, closedAt: null, reopenReasons: [...state.reopenReasons, event.data.reason] };
    }
  },
  version: 1,
};
const tallyEvents = eventCodec<TallyEvent>({ Tallied: 1, Closed: 1, Reopened: 1 });

const tallyCommand: fc.Arbitrary<TallyCommand> = fc.oneof(
  fc.record({ type: fc.constant('tally' as const), labels: fc.array(fc.constantFrom('a', 'b', 'c', 'd'), { minLength: 1, maxLength: 3 }), by: fc.integer({ min: -5, max: 50 }) }),
  fc.record({ type: fc.constant('close' as const), at: fc.constantFrom('2026-01-01', '2026-06-30') }),
  fc.record({ type: fc.constant('reopen' as const), reason: fc.constantFrom(null, 'slipped') }),
);

const context = (commandId: string = randomUUID()): CommandContext => ({
  commandId,
  correlationId: commandId,
  causationId: commandId,
  actor: { userId: 'u1', role: 'rep' },
  occurredAt: '2026-11-23T10:00:00.000Z',
});

const fullFold = <S, E extends Event>(decider: Pick<Decider<unknown, S, E>, 'initialState' | 'evolve'>, codec: EventCodec<E>, recorded: readonly RecordedEvent[]): S =>
  recorded.reduce((state, event) => decider.evolve(state, codec.decode(event)), decider.initialState());

/** Runs each command (keeping what the domain accepts) and, after each, compares the state loaded via snapshot with a full fold; answers the mismatches. */
async function runComparing(store: SqliteEventStore, stream: string, commands: readonly TallyCommand[]): Promise<string[]> {
  const mismatches: string[] = [];
  for (const [index, command] of commands.entries()) {
    await handleCommand(store, tally, tallyEvents, stream, command, context()).catch((error: unknown) => {
      if (!(error instanceof DomainError)) throw error;
    });
    await snapshotWritesSettled();
    const loaded = await loadState(store, tally, tallyEvents, stream);
    const folded = fullFold(tally, tallyEvents, await store.readStream(stream));
    if (JSON.stringify(loaded) !== JSON.stringify(folded)) mismatches.push(`after command ${index}: ${JSON.stringify(loaded)} ≠ ${JSON.stringify(folded)}`);
  }
  return mismatches;
}

/** `count` accepted single-event commands on the stream, with their snapshots written. */
async function tallied(store: SqliteEventStore, stream: string, count: number, decider = tally, by = 1): Promise<string[]> {
  const commandIds = Array.from({ length: count }, () => randomUUID());
  for (const commandId of commandIds) await handleCommand(store, decider, tallyEvents, stream, { type: 'tally', labels: ['a'], by }, context(commandId));
  await snapshotWritesSettled();
  return commandIds;
}

const snapshotsOf = (store: SqliteEventStore): SnapshotStore => store.snapshotsFor()!;

/** Puts `data` in place of the stream's snapshot, keeping its revision and version (a snapshot of another version first, so the store replaces it). */
async function overwriteSnapshot(store: SqliteEventStore, stream: string, data: (kept: string) => string): Promise<void> {
  const kept = (await snapshotsOf(store).read(stream))!;
  await snapshotsOf(store).write({ ...kept, version: 'other' });
  await snapshotsOf(store).write({ ...kept, data: data(kept.data) });
}

describe('snapshots', () => {
  let store: SqliteEventStore;
  const stream = 'tally-1';
  beforeEach(() => (store = new SqliteEventStore(':memory:', { snapshotEvery: 4 })));
  afterEach(() => store.close());

  it('loads, for any sequence of commands and any snapshot interval, the state a full fold of the stream gives', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(tallyCommand, { maxLength: 40 }), fc.integer({ min: 1, max: 6 }), async (commands, every) => {
        const generated = new SqliteEventStore(':memory:', { snapshotEvery: every });
        try {
          expect(await runComparing(generated, stream, commands)).toEqual([]);
        } finally {
          await generated.close();
        }
      }),
      { numRuns: 60 },
    );
  });

  it('is written once a load has folded `every` events past the last one, at the revision it read', async () => {
    await tallied(store, stream, 6);
    expect(await snapshotsOf(store).read(stream)).toMatchObject({ revision: 3, version: snapshotVersion(tally, tallyEvents) });
  });

  it('lets a load read only the events after the snapshot', async () => {
    await tallied(store, stream, 7);
    const reads = jest.spyOn(store, 'readStream');
    const loaded = await foldStream(store, { decider: tally, codec: tallyEvents }, stream);
    expect(reads.mock.calls).toEqual([[stream, { fromRevision: 3 }]]);
    expect(loaded).toMatchObject({ revision: 6, state: { total: 7 } });
  });

  it('is not written for a stream shorter than `every` events', async () => {
    await tallied(store, stream, 4);
    expect(await snapshotsOf(store).read(stream)).toBeNull();
  });

  it('is ignored and replaced when the decider declares another version', async () => {
    await tallied(store, stream, 6);
    const doubling = { ...tally, version: 2, evolve: (state: TallyState, event: TallyEvent) => tally.evolve(tally.evolve(state, event), event) };
    expect(await loadState(store, doubling, tallyEvents, stream)).toMatchObject({ total: 12 });
    await snapshotWritesSettled();
    expect(await snapshotsOf(store).read(stream)).toMatchObject({ revision: 5, version: snapshotVersion(doubling, tallyEvents) });
  });

  it('is ignored when an event type moved to a new schema version, even if the decider version stayed', async () => {
    await tallied(store, stream, 6);
    const upcast = eventCodec<TallyEvent>({ Tallied: 2, Closed: 1, Reopened: 1 }, { Tallied: { 1: (data) => ({ ...data, by: Number(data.by) * 10 }) } });
    expect(await loadState(store, tally, upcast, stream)).toMatchObject({ total: 60 });
  });

  it('falls back to the full fold when its checksum does not match what it holds', async () => {
    await tallied(store, stream, 6);
    await overwriteSnapshot(store, stream, (data) => data.replace('"total":4', '"total":400'));
    expect(await loadState(store, tally, tallyEvents, stream)).toMatchObject({ total: 6 });
  });

  it('falls back to the full fold when it is not JSON', async () => {
    await tallied(store, stream, 6);
    await overwriteSnapshot(store, stream, () => 'not a snapshot');
    expect(await loadState(store, tally, tallyEvents, stream)).toMatchObject({ total: 6 });
  });

  it('falls back to the full fold when the event at its revision is not the one it was taken after (another history)', async () => {
    await tallied(store, stream, 6);
    const other = new SqliteEventStore(':memory:', { snapshotEvery: 4 });
    await tallied(other, stream, 3, tally, 2);
    await snapshotsOf(other).write((await snapshotsOf(store).read(stream))!);
    await tallied(other, stream, 2, tally, 2);
    const loaded = await loadState(other, tally, tallyEvents, stream);
    await other.close();
    expect(loaded).toMatchObject({ total: 10 });
  });

  it('still recognises a retried command whose events are before the snapshot: nothing is appended again', async () => {
    const [first] = await tallied(store, stream, 9);
    const retried = await handleCommand(store, tally, tallyEvents, stream, { type: 'tally', labels: ['a'], by: 1 }, context(first));
    expect(retried).toMatchObject({ replayed: true, appended: 0, revision: 0 });
    expect(await store.readStream(stream)).toHaveLength(9);
  });

  it('is never written for a state that JSON does not carry unchanged, and such a stream loads by a full fold', async () => {
    const withUndefined = { ...tally, evolve: (state: TallyState, event: TallyEvent) => ({ ...tally.evolve(state, event), note: undefined }) };
    await tallied(store, stream, 6, withUndefined);
    expect(await snapshotsOf(store).read(stream)).toBeNull();
    expect(await loadState(store, withUndefined, tallyEvents, stream)).toMatchObject({ total: 6 });
  });

  it('is not kept by a store configured with snapshotEvery 0', async () => {
    const without = new SqliteEventStore(':memory:', { snapshotEvery: 0 });
    const kept = without.snapshotsFor();
    await without.close();
    expect(kept).toBeNull();
  });

  it('leaves the hash chain alone: the log verifies the same with snapshots taken', async () => {
    await tallied(store, stream, 9);
    expect(await store.verifyChain()).toMatchObject({ ok: true, checked: 9 });
  });
});
