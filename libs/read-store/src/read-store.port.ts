import type { Position } from '@ledger/event-sourcing';

/** A read-model document; `_id` is the record's id. */
export type Document = { _id: string } & Record<string, unknown>;

/** MongoDB query language, evaluated by MongoDB itself or by mingo in the embedded store. */
export type Filter = Record<string, unknown>;
/** MongoDB update operators: $set, $unset, $inc, $push, $pull, $addToSet, $min, $max, $setOnInsert. */
export type UpdateSpec = Record<string, unknown>;
export type SortSpec = Record<string, 1 | -1>;
export type Pipeline = readonly Record<string, unknown>[];

export type FindOptions = {
  readonly sort?: SortSpec;
  readonly skip?: number;
  readonly limit?: number;
  /** Inclusion (1) or exclusion (0) of fields, as in MongoDB. */
  readonly projection?: Record<string, 0 | 1>;
};

/**
 * How a store answers a read (`explain`): the index it walks or looks up, whether that index gives
 * the sort's order (the read stops at its page), and whether it read every document of the collection.
 */
export type QueryPlan = {
  /** The index used (MongoDB's name, or the embedded store's `field_direction_…`), null for a scan. */
  readonly index: string | null;
  /** walk: along an ordered index; lookup: the documents an index lists for the filter, sorted after; scan: every document. */
  readonly kind: 'walk' | 'lookup' | 'scan';
  /** Whether the documents come in the sort's order from the index (no sort of all the matches). */
  readonly ordered: boolean;
  readonly scanned: boolean;
};

/** A unique index leaves out documents missing one of its fields (on both adapters): they never collide. */
export type IndexSpec = { readonly fields: Record<string, 1 | -1>; readonly unique?: boolean };

/**
 * One change to a read model. `guard` makes an upsert apply at most once per event: it applies
 * only while the document's `guard.field` is missing or below `guard.value`, and sets it to
 * `guard.value`. Projections guard per-record documents with the event's stream revision, so a
 * replayed event (a rebuild beside the projector, two projector replicas) changes nothing, and of
 * two writers racing to create a document the newer event wins whichever commits first.
 *
 * `copy` joins on write: before the update, each named field is set from a field of another
 * document as it stands at that point of the commit (null when there is none), for example the
 * sector of a deal's account, kept by the same projection. Reads then filter and group by it
 * without a join per request. Several sources may be named (a deal's account and its owner).
 */
export type ReadModelWrite =
  | {
      readonly op: 'upsert';
      readonly collection: string;
      readonly id: string;
      readonly update: UpdateSpec;
      readonly guard?: { readonly field: string; readonly value: number };
      readonly copy?: CopyFrom | readonly CopyFrom[];
    }
  | { readonly op: 'updateMany'; readonly collection: string; readonly filter: Filter; readonly update: UpdateSpec }
  | { readonly op: 'deleteMany'; readonly collection: string; readonly filter: Filter };

/** Fields of one other document to copy into an upserted one: target field → source field. */
export type CopyFrom = { readonly from: string; readonly id: string; readonly fields: Readonly<Record<string, string>> };

/** A dimension value of a fact: one value, none (null), or several (a quote of two products counts under each). */
export type DimensionValue = string | null | readonly string[];

/**
 * What one fact adds to its cube: its dimensions and additive integer measures. A measure name may
 * carry a value (`cycle:45` counts deals closed after 45 days), which makes a histogram whose
 * percentiles stay exact, since histograms add like any other sum.
 */
export type Measure = {
  /** The business date (YYYY-MM-DD) that places the fact in a month and a year; null or absent: all time only. */
  readonly date?: string | null;
  readonly dims: Readonly<Record<string, DimensionValue>>;
  readonly sums: Readonly<Record<string, number>>;
  /** Detail kept in month cells only (the day a deal closed): coarser cells stay small. */
  readonly monthly?: Readonly<Record<string, number>>;
};

/**
 * Totals maintained by the read store itself as facts change. A projection writes facts (one
 * document per record) into `source`; on every write the store subtracts what the fact added
 * before and adds what it adds now, to cells of every materialised cuboid (a subset of the
 * dimensions) at three period levels: the month and the year of the fact's business date, and all
 * time. It does so in the same commit as the fact, so a fact and its totals never disagree, and a
 * replayed event that the fact's revision guard refuses changes no total either.
 *
 * Reads then add up cells instead of scanning facts: a year of revenue by agent is at most one
 * cell per agent and currency, however many deals there are (`queryCube`).
 */
export type CubeDefinition = {
  readonly name: string;
  /** The facts collection (owned by the projection that declares the cube). */
  readonly source: string;
  /**
   * The fact field that holds the measure's date, indexed so that a range that starts or ends
   * within a month finds the facts of those days. Without one, ranges must be whole months.
   */
  readonly dateField?: string;
  /** Dimensions every cell has (the currency of a money cube): in every cuboid. */
  readonly fixed?: readonly string[];
  /** Further subsets of the other dimensions to keep totals for; the planner reads the smallest one that covers a query. */
  readonly cuboids: readonly (readonly string[])[];
  /**
   * Dimensions that may hold several values (the products of a quote). A fact counts once under
   * each of its values, so a query reads only cuboids without such a dimension unless it groups or
   * filters by it (declare cuboids accordingly).
   */
  readonly multiValued?: readonly string[];
  /** What a fact adds, or null when it is outside the cube (an open deal in a cube of closed ones). */
  readonly measure: (fact: Document) => Measure | null;
  /**
   * The fact field that holds each single-valued dimension, indexed: a query by a combination no
   * cuboid keeps (an account and an agent) is answered from the facts its filters select through
   * the most selective of these indexes, instead of keeping a cuboid as fine as the facts.
   */
  readonly factFields?: Readonly<Record<string, string>>;
};

/** The upsert kind of write. */
export type UpsertWrite = Extract<ReadModelWrite, { op: 'upsert' }>;

export type CheckpointRecord = {
  readonly projection: string;
  readonly position: Position | null;
  readonly updatedAt: string;
};

export type ParkedEvent = {
  readonly projection: string;
  readonly eventId: string;
  readonly streamName: string;
  readonly revision: number;
  readonly type: string;
  readonly position: Position;
  readonly error: string;
  readonly attempts: number;
  readonly parkedAt: string;
};

/** What the store behind the port is, for `salesctl doctor`. */
export type ReadStoreDescription = {
  readonly store: 'embedded' | 'mongodb';
  /** The server's version (MongoDB's `buildInfo`), SQLite's library version (embedded); null when it cannot tell. */
  readonly version: string | null;
  /**
   * Whether a commit can run in a transaction: always for the embedded store; on MongoDB only on a
   * replica set (or sharded cluster), which every MongoDB commit needs.
   */
  readonly transactions: boolean;
  /** MongoDB: the replica set's name from `hello`, null on a standalone server. */
  readonly replicaSet?: string | null;
  /**
   * Which declared indexes the store keeps, so that `listIndexes` lists them: all (MongoDB), or only
   * the unique ones (embedded: the others are built in memory, from the declarations, by every
   * process that opens the store, so none can be missing).
   */
  readonly keepsIndexes: 'all' | 'unique';
  /** The file it keeps (embedded); absent for a server, whose address is the configured URL. */
  readonly location?: string;
};

/**
 * Named collections of documents with MongoDB's query language, plus one checkpoint per
 * projection. Two adapters: MongoDB (production) and SQLite + mingo (embedded).
 */
export abstract class ReadStore {
  abstract find<T extends Document = Document>(collection: string, filter?: Filter, options?: FindOptions): Promise<T[]>;
  /** How `find` with these arguments would be answered, without reading the documents. */
  abstract explain(collection: string, filter?: Filter, options?: FindOptions): Promise<QueryPlan>;
  abstract findOne<T extends Document = Document>(collection: string, filter: Filter): Promise<T | null>;
  /**
   * Hands each matching document to `visit`, in no particular order, without copying it: for
   * reads that only add up (cube cells), where copying the documents was most of the cost. The
   * visitor must neither keep nor change them.
   */
  abstract visit(collection: string, filter: Filter, visit: (document: Readonly<Document>) => void): Promise<void>;
  abstract count(collection: string, filter?: Filter): Promise<number>;
  abstract aggregate<T = Record<string, unknown>>(collection: string, pipeline: Pipeline): Promise<T[]>;
  abstract ensureIndexes(collection: string, indexes: readonly IndexSpec[]): Promise<void>;

  /**
   * From now on every commit that changes a cube's facts also changes its cells, in the same commit
   * (see `CubeDefinition`). Declared by the projection that writes the facts, before its first commit.
   */
  abstract registerCubes(cubes: readonly CubeDefinition[]): Promise<void>;

  /**
   * Applies the writes in order and records the projection's checkpoint, in one transaction: all
   * or nothing on both adapters. A failure of the store itself (MongoDB unreachable, failing over)
   * is a `ReadStoreUnavailableError`; a unique index refusing a write is a `DuplicateKeyError`.
   */
  abstract commit(projection: string, writes: readonly ReadModelWrite[], checkpoint: Position): Promise<void>;
  /**
   * Applies writes that no event stands for (the last time an API key was used), outside every
   * projection: no checkpoint, never replayed, and no rebuild drops them, so they go to collections
   * no projection owns. Embedded: one transaction.
   */
  abstract record(writes: readonly ReadModelWrite[]): Promise<void>;
  abstract readCheckpoint(projection: string): Promise<Position | null>;
  abstract listCheckpoints(): Promise<CheckpointRecord[]>;

  /** Records an event a projection could not apply after its retries; the projection moves on. */
  abstract park(event: ParkedEvent): Promise<void>;
  abstract listParked(projection?: string): Promise<ParkedEvent[]>;
  /** Forgets a parked event once a retry has applied it. */
  abstract unpark(projection: string, eventId: string): Promise<void>;

  /** Which store this is and its version (`salesctl doctor`). Stores that say nothing of themselves are described as embedded. */
  async describeServer(): Promise<ReadStoreDescription> {
    return { store: 'embedded', version: null, transactions: true, keepsIndexes: 'unique' };
  }

  /**
   * The indexes the store keeps for a collection (of the kinds `describeServer().keepsIndexes`
   * names; without `_id`'s own), to compare with what projections declare; empty for a collection
   * that does not exist, null when the store cannot list them.
   */
  async listIndexes(_collection: string): Promise<readonly IndexSpec[] | null> {
    return null;
  }

  /** Drops the collections, the checkpoint and the parked events of a projection (before a rebuild). */
  abstract reset(projection: string, collections: readonly string[]): Promise<void>;

  abstract close(): Promise<void>;
}
