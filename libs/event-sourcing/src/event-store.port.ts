import type { ChainVerification } from './hash-chain';
import type { EventMetadata } from './kernel';
import type { Position } from './position';

/** What an append expects of the stream: that it does not exist yet, that it is at an exact revision, or nothing. */
export type ExpectedRevision = 'no_stream' | 'any' | number;

export type EventToAppend = {
  /** A UUID; re-appending an event id already in the stream is recognised, not duplicated. */
  readonly id: string;
  readonly type: string;
  readonly data: unknown;
  readonly metadata: EventMetadata;
};

export type AppendResult = {
  /** Revision of the last event now in the stream (0-based). */
  readonly nextExpectedRevision: number;
  /** Position in `$all` of the last event of this append. */
  readonly position: Position;
  /**
   * These very events (the same ids, right after the expected revision) were in the stream already,
   * so nothing was written: a retry that raced its first attempt. EventStoreDB answers such an
   * append as if it wrote it and cannot say so; the embedded store does.
   */
  readonly alreadyWritten?: true;
};

export type RecordedEvent = {
  readonly id: string;
  readonly streamName: string;
  readonly revision: number;
  readonly type: string;
  readonly data: unknown;
  readonly metadata: EventMetadata;
  /** ISO-8601 instant at which the store committed the event. */
  readonly recordedAt: string;
  /** Always present on `$all` and category reads; present on stream reads where the store provides it. */
  readonly position?: Position;
  /** The event's place in its stream's hash chain (hash-chain.ts); absent on events written before the chain where the store cannot add it. */
  readonly streamHash?: string;
  /** The event's place in the log's hash chain; only where the store keeps that chain (the embedded one). */
  readonly logHash?: string;
};

export type AllEvent = RecordedEvent & { readonly position: Position };

export type Direction = 'forwards' | 'backwards';

export type ReadStreamOptions = {
  readonly direction?: Direction;
  /** Inclusive. Defaults to the first event (forwards) or the last (backwards). */
  readonly fromRevision?: number;
  readonly maxCount?: number;
};

export type ReadAllOptions = {
  /** Exclusive: events strictly after this position. Defaults to the start of the log. */
  readonly after?: Position;
  readonly maxCount?: number;
};

/**
 * A search of the whole log for auditors: every filter narrows (they combine with AND), and the
 * answer is one page in `$all` order, newest or oldest first, strictly beyond `after` in that order
 * (a keyset cursor: appends never shift a page already read).
 */
export type HistoryQuery = {
  /** One stream, by its exact name. */
  readonly stream?: string;
  /** Streams named `<category>-…`. */
  readonly category?: string;
  readonly type?: string;
  /** `metadata.actor.userId`. */
  readonly actor?: string;
  readonly correlationId?: string;
  /** Recorded at or after this ISO-8601 instant. */
  readonly from?: string;
  /** Recorded at or before this ISO-8601 instant. */
  readonly to?: string;
  readonly order: 'newest' | 'oldest';
  /** Exclusive: the position of the last event of the previous page. */
  readonly after?: Position;
  readonly maxCount: number;
};

/** The adapter keeps no index that answers this combination of filters (EventStoreDB: see its adapter). */
export class HistoryQueryNotIndexedError extends Error {
  constructor(readonly filters: string) {
    super(`This event store keeps no index for a history query by ${filters} alone; add a stream, category, type or correlation id`);
    this.name = 'HistoryQueryNotIndexedError';
  }
}

export type EventSubscription = AsyncIterable<AllEvent> & {
  /** Ends the iteration; safe to call more than once. */
  close(): Promise<void>;
};

export class WrongExpectedRevisionError extends Error {
  constructor(
    readonly streamName: string,
    readonly expected: ExpectedRevision,
    /** -1 when the stream does not exist. */
    readonly actual: number,
  ) {
    super(`Stream ${streamName} expected revision ${String(expected)} but is at ${actual}`);
    this.name = 'WrongExpectedRevisionError';
  }
}

/** What a verification of the hash chain covers: one stream, or a range of the log (bounds inclusive; the whole log without either). */
export type ChainScope = { readonly stream: string } | { readonly fromPosition?: Position; readonly toPosition?: Position };

/** An event id was re-sent with different neighbours or to another stream: not a retry of the same append. */
export class EventIdConflictError extends Error {
  constructor(
    readonly streamName: string,
    readonly eventId: string,
  ) {
    super(`Event ${eventId} already exists and does not match this append to ${streamName}`);
    this.name = 'EventIdConflictError';
  }
}

/**
 * A stream's folded state at one revision, kept beside the log so that a load reads it and only the
 * events after it (snapshots.ts writes, checks and reads it). Derived data: nothing else depends on
 * it, and a missing, foreign or corrupt snapshot means a full fold.
 */
export type StreamSnapshot = {
  readonly streamName: string;
  /** Revision of the last event folded into it. */
  readonly revision: number;
  /** Whose fold it is (decider and event schema versions); a load under another version ignores it. */
  readonly version: string;
  /** The snapshot itself as snapshots.ts writes it (state, checksum); opaque to the store. */
  readonly data: string;
};

/** Where a store keeps its snapshots: one per stream, the newest written (or the first of a new version). */
export type SnapshotStore = {
  /** A load that folded at least this many events after the stream's snapshot (or its start) writes a new one. */
  readonly every: number;
  read(streamName: string): Promise<StreamSnapshot | null>;
  write(snapshot: StreamSnapshot): Promise<void>;
};

/** What the store behind the port is, for `salesctl doctor`. */
export type EventStoreDescription = {
  readonly store: 'embedded' | 'eventstoredb';
  /** The server's version as it reports it (EventStoreDB), SQLite's library version (embedded); null when it cannot tell. */
  readonly version: string | null;
  /** The file it keeps (embedded); absent for a server, whose address is the configured URL. */
  readonly location?: string;
};

/** How many events of the log come after a position, counted up to a limit. */
export type EventCount = { readonly count: number; readonly capped: boolean };

/**
 * The log. Streams are `<category>-<id>`; `$all` orders every event by position.
 * Two adapters implement it: SQLite (embedded) and EventStoreDB (production).
 */
export abstract class EventStore {
  abstract append(
    streamName: string,
    events: readonly EventToAppend[],
    expectedRevision: ExpectedRevision,
  ): Promise<AppendResult>;

  /** A missing stream reads as an empty list. */
  abstract readStream(streamName: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;

  abstract readAll(options?: ReadAllOptions): Promise<AllEvent[]>;

  /** Events of every stream named `<category>-…`, in `$all` order. */
  abstract readCategory(category: string, options?: ReadAllOptions): Promise<AllEvent[]>;

  /** A page of the log's history matching every filter of the query, answered from the store's indexes. */
  abstract readHistory(query: HistoryQuery): Promise<AllEvent[]>;

  /** Position of the newest event in `$all`, or null for an empty log. */
  abstract lastPosition(): Promise<Position | null>;

  /** Catch up from `after` (exclusive), then deliver new events live until closed. */
  abstract subscribeToAll(options?: { readonly after?: Position }): EventSubscription;

  /**
   * The snapshots of the streams of an aggregate whose events have these types, or null where none
   * are kept: the store keeps none, or those events carry personal data (a snapshot would keep a
   * plaintext copy of it beyond the reach of an erasure).
   */
  abstract snapshotsFor(eventTypes: readonly string[]): SnapshotStore | null;

  /** Re-computes the hash chain over the scope and names the first event that does not match. */
  abstract verifyChain(scope?: ChainScope): Promise<ChainVerification>;

  /** The log's hash just before `position` (GENESIS_HASH at the start of the log), which a range export starts from. */
  abstract logHashBefore(position: Position): Promise<string>;

  /**
   * Why this process can no longer append, when the store knows it for good (the embedded log's
   * writer thread has stopped), or null. Health checks report it; a restart is the cure.
   */
  writeFailure(): Error | null {
    return null;
  }

  /** Which store this is and its version (`salesctl doctor`). Stores that say nothing of themselves are described as embedded. */
  async describeServer(): Promise<EventStoreDescription> {
    return { store: 'embedded', version: null };
  }

  /**
   * The events of `$all` after `after` (the whole log for null), counted up to `limit`. By default
   * the log is read page by page up to the limit; a store that can count cheaply says so.
   */
  async countEventsAfter(after: Position | null, limit: number): Promise<EventCount> {
    let count = 0;
    let cursor = after ?? undefined;
    while (count < limit) {
      const maxCount = Math.min(4096, limit - count);
      const page = await this.readAll({ after: cursor, maxCount });
      count += page.length;
      if (page.length < maxCount) break;
      cursor = page[page.length - 1].position;
    }
    return { count: Math.min(count, limit), capped: count >= limit };
  }

  abstract close(): Promise<void>;
}
