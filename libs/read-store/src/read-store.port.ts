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

export type IndexSpec = { readonly fields: Record<string, 1 | -1>; readonly unique?: boolean };

/**
 * One change to a read model. `guard` makes an upsert apply at most once per event: it applies
 * only while the document's `guard.field` is missing or below `guard.value`, and sets it to
 * `guard.value`. Projections guard per-record documents with the event's stream revision, which
 * is what keeps MongoDB (no transaction with the checkpoint) free of doubled effects on replay.
 */
export type ReadModelWrite =
  | {
      readonly op: 'upsert';
      readonly collection: string;
      readonly id: string;
      readonly update: UpdateSpec;
      readonly guard?: { readonly field: string; readonly value: number };
    }
  | { readonly op: 'updateMany'; readonly collection: string; readonly filter: Filter; readonly update: UpdateSpec }
  | { readonly op: 'deleteMany'; readonly collection: string; readonly filter: Filter };

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

/**
 * Named collections of documents with MongoDB's query language, plus one checkpoint per
 * projection. Two adapters: MongoDB (production) and SQLite + mingo (embedded).
 */
export abstract class ReadStore {
  abstract find<T extends Document = Document>(collection: string, filter?: Filter, options?: FindOptions): Promise<T[]>;
  abstract findOne<T extends Document = Document>(collection: string, filter: Filter): Promise<T | null>;
  abstract count(collection: string, filter?: Filter): Promise<number>;
  abstract aggregate<T = Record<string, unknown>>(collection: string, pipeline: Pipeline): Promise<T[]>;
  abstract ensureIndexes(collection: string, indexes: readonly IndexSpec[]): Promise<void>;

  /**
   * Applies the writes in order, then records the projection's checkpoint. Embedded: one
   * transaction, all or nothing. MongoDB: writes first (guarded), checkpoint last, so a crash in
   * between replays events whose guarded writes then change nothing.
   */
  abstract commit(projection: string, writes: readonly ReadModelWrite[], checkpoint: Position): Promise<void>;
  abstract readCheckpoint(projection: string): Promise<Position | null>;
  abstract listCheckpoints(): Promise<CheckpointRecord[]>;

  /** Records an event a projection could not apply after its retries; the projection moves on. */
  abstract park(event: ParkedEvent): Promise<void>;
  abstract listParked(projection?: string): Promise<ParkedEvent[]>;

  /** Drops the collections, the checkpoint and the parked events of a projection (before a rebuild). */
  abstract reset(projection: string, collections: readonly string[]): Promise<void>;

  abstract close(): Promise<void>;
}
