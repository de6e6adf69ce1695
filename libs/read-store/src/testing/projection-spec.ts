import type { AllEvent } from '@ledger/event-sourcing';
import { type Projection, ProjectionApplier } from '../projections';
import type { Document } from '../read-store.port';
import { SqliteReadStore } from '../sqlite-read-store';

type Stamped = { readonly at: string; readonly by: string };

/** A command without its time and actor, which the harness fills in. */
export type Unstamped<C> = C extends unknown ? Omit<C, 'at' | 'by'> : never;

/** What the harness needs of a log: `RecordingLog` from `@ledger/event-sourcing/testing`. */
export type CommandLog<C> = {
  readonly all: AllEvent[];
  record(command: C): AllEvent[];
};

export type ProjectionSpecOptions<C extends Stamped, I> = {
  readonly projection: Projection;
  /** A new, empty log, for each test. */
  readonly log: () => CommandLog<C>;
  /** Completes a test's command with what it may leave out (its id); not its time and actor. */
  readonly defaults: (command: I) => Unstamped<C>;
  /** The actor when a test names none. */
  readonly by: string;
  /** The clock before a test's first command; each command is one hour after the one before. */
  readonly start: number;
  /** The collection `view` and `collection` read. */
  readonly collection: string;
  /** The `_id` `view` reads when a test names none. */
  readonly id: string;
};

export type ProjectionSpec<V extends Document, C extends Stamped, I> = {
  /** Decides and records a command without projecting it. */
  readonly record: (command: I, by?: string, at?: string) => AllEvent[];
  /** Decides, records and projects a command; answers its time. */
  readonly run: (command: I, by?: string, at?: string) => Promise<string>;
  /** The document with this `_id` (the spec's id unless given). */
  readonly view: (id?: string) => Promise<V>;
  /** Every document of the collection, by `_id`. */
  readonly collection: () => Promise<V[]>;
  /** The current test's log, read store and applier: new for each test, so read them inside it. */
  readonly log: CommandLog<C>;
  readonly views: SqliteReadStore;
  readonly applier: ProjectionApplier;
  /**
   * Delivers the test's log again in every way a worker may (to a second applier in one batch,
   * event by event, resumed from event `resumeAt`, an old batch of the first `oldBatch` events)
   * and expects the collection still to be `once`; then that an empty store fed the whole log in
   * one batch ends the same.
   */
  readonly expectRedeliveriesChangeNothing: (once: V[], resumeAt: number, oldBatch: number) => Promise<void>;
};

const HOUR = 3_600_000;

/**
 * The harness of a projection spec, to call in its `describe` block. Before each test it opens an
 * empty in-memory read store, a new log and an applier of the projection, and sets the clock to
 * `start`; after each test it closes the store and fails the test if an event was parked.
 */
export function useProjectionSpec<V extends Document, C extends Stamped, I>(
  options: ProjectionSpecOptions<C, I>,
): ProjectionSpec<V, C, I> {
  let current: { log: CommandLog<C>; views: SqliteReadStore; applier: ProjectionApplier } | undefined;
  let clock = options.start;
  const test = () => {
    if (!current) throw new Error('useProjectionSpec: the log, the read store and the applier exist only in a test');
    return current;
  };
  const tick = (): string => new Date((clock += HOUR)).toISOString();
  const record = (command: I, by = options.by, at = tick()): AllEvent[] =>
    // An Unstamped<C> with its time and actor is a C, which TypeScript cannot prove for a generic C.
    test().log.record({ ...options.defaults(command), at, by } as Stamped as C);

  beforeEach(() => {
    const views = new SqliteReadStore(':memory:');
    current = { log: options.log(), views, applier: new ProjectionApplier(views, options.projection) };
    clock = options.start;
  });
  afterEach(async () => {
    // A write the store refused would have been parked silently; none may be.
    const { views } = test();
    const parked = await views.listParked();
    await views.close();
    expect(parked).toEqual([]);
  });

  return {
    record,
    run: async (command, by = options.by, at = tick()) => {
      await test().applier.apply(record(command, by, at));
      return at;
    },
    view: async (id = options.id) => (await test().views.findOne<V>(options.collection, { _id: id }))!,
    collection: () => test().views.find<V>(options.collection, {}, { sort: { _id: 1 } }),
    get log() {
      return test().log;
    },
    get views() {
      return test().views;
    },
    get applier() {
      return test().applier;
    },
    expectRedeliveriesChangeNothing: async (once, resumeAt, oldBatch) => {
      const { log, views, applier } = test();
      const collection = (store: SqliteReadStore) => store.find<V>(options.collection, {}, { sort: { _id: 1 } });
      await new ProjectionApplier(views, options.projection).apply(log.all);
      expect(await collection(views)).toEqual(once);
      for (const event of log.all) await applier.apply([event]);
      await applier.apply(log.all.slice(resumeAt));
      // An old batch delivered again (a worker resuming from an earlier checkpoint) changes nothing either.
      await applier.apply(log.all.slice(0, oldBatch));
      expect(await collection(views)).toEqual(once);

      const fresh = new SqliteReadStore(':memory:');
      try {
        await new ProjectionApplier(fresh, options.projection).apply(log.all);
        expect(await collection(fresh)).toEqual(once);
      } finally {
        await fresh.close();
      }
    },
  };
}
