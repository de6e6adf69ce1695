import { Logger } from '@nestjs/common';
import type Database from 'better-sqlite3';
import {
  type AllEvent,
  type AppendResult,
  type ChainScope,
  EventIdConflictError,
  EventStore,
  type EventSubscription,
  type EventToAppend,
  type ExpectedRevision,
  type HistoryQuery,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type SnapshotStore,
  WrongExpectedRevisionError,
} from './event-store.port';
import { ChainVerifier, type ChainVerification, GENESIS_HASH, canonicalEvent, canonicalJson, chainHash, metadataWithoutChain } from './hash-chain';
import type { EventMetadata } from './kernel';
import { type Position, positionOf } from './position';
import { categoryOf } from './stream-name';
import { LogSubscription } from './log-subscription';
import { RecentEvents } from './recent-events';
import { openSqliteDatabase } from './sqlite-database';
import { SqliteSnapshotStore } from './sqlite-snapshot-store';

type Row = {
  position: number;
  event_id: string;
  stream_name: string;
  revision: number;
  type: string;
  data: string;
  metadata: string;
  recorded_at: string;
  stream_hash: string;
  log_hash: string;
};

/** What verification reads of a row, as an array (better-sqlite3's raw mode skips building an object per row). */
type ChainRow = [position: number, stream: string, revision: number, type: string, data: string, metadata: string, streamHash: string, logHash: string];

type Outcome = { ok: true; result: AppendResult } | { ok: false; error: unknown };

type SerializedEvent = { id: string; type: string; data: string; metadata: string };

type PendingAppend = {
  streamName: string;
  events: readonly SerializedEvent[];
  expectedRevision: ExpectedRevision;
  resolve: (result: AppendResult) => void;
  reject: (error: unknown) => void;
};

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS events (
    position    INTEGER PRIMARY KEY,
    event_id    TEXT    NOT NULL,
    stream_name TEXT    NOT NULL,
    category    TEXT    NOT NULL,
    revision    INTEGER NOT NULL,
    type        TEXT    NOT NULL,
    data        TEXT    NOT NULL,
    metadata    TEXT    NOT NULL,
    recorded_at TEXT    NOT NULL,
    stream_hash TEXT    NOT NULL,
    log_hash    TEXT    NOT NULL,
    UNIQUE (stream_name, revision)
  );
  CREATE INDEX IF NOT EXISTS events_by_category ON events (category, position);
`;

/**
 * What auditors search the log by (GET /audit/events). The stream and category filters walk the
 * indexes above; the recorded-time range becomes a position range (see `firstPositionFrom`).
 * The actor and correlation id live in the metadata's JSON: expression indexes, which a query
 * uses when it names the very same expression (`ACTOR`, `CORRELATION`).
 */
const ACTOR = "json_extract(metadata, '$.actor.userId')";
const CORRELATION = "json_extract(metadata, '$.correlationId')";
const HISTORY_INDEXES = `
  CREATE INDEX IF NOT EXISTS events_by_type ON events (type, position);
  CREATE INDEX IF NOT EXISTS events_by_actor ON events (${ACTOR}, position);
  CREATE INDEX IF NOT EXISTS events_by_correlation ON events (${CORRELATION}, position);
`;

const DEFAULT_PAGE = 4096;
/** A load that folded this many events past a stream's snapshot writes a new one (snapshots.ts); 0 keeps none. */
export const DEFAULT_SNAPSHOT_EVERY = 100;
/** Rows verified between two turns of the event loop, so a verification of the whole log does not stall the API. */
const VERIFY_PAGE = 2048;

/**
 * The embedded log: one SQLite file in WAL mode with `synchronous=FULL`, so an acknowledged append
 * has been fsynced. Appends that arrive in the same turn of the event loop share one transaction
 * and one fsync (group commit); each still checks its own expected revision and succeeds or fails
 * alone. Each event is stored with its two hashes (hash-chain.ts), computed inside that transaction
 * from the previous ones read in it, so no concurrent append can fork either chain; data and
 * metadata are stored as their canonical JSON text, which is what is hashed.
 */
export class SqliteEventStore extends EventStore {
  private readonly db: Database.Database;
  private readonly statements;
  private pending: PendingAppend[] = [];
  private flushScheduled = false;
  private readonly subscriptions = new Set<LogSubscription>();
  /** What subscriptions read, parsed once for all of them. */
  private readonly recent = new RecentEvents((after, maxCount) => this.statements.all.all(Number(after), maxCount).map(toRecordedEvent));
  private closed = false;
  /** One prepared statement per combination of history filters (at most 2^8). */
  private readonly historyStatements = new Map<string, Database.Statement<(string | number)[], Row>>();
  private readonly snapshots: SqliteSnapshotStore | null;

  constructor(file: string, options: { readonly snapshotEvery?: number } = {}) {
    super();
    this.db = openSqliteDatabase(file);
    const snapshotEvery = options.snapshotEvery ?? DEFAULT_SNAPSHOT_EVERY;
    this.snapshots = snapshotEvery > 0 ? new SqliteSnapshotStore(SqliteSnapshotStore.fileBeside(file), snapshotEvery) : null;
    this.db.exec(SCHEMA);
    addHashChain(this.db);
    this.db.exec(HISTORY_INDEXES);
    this.statements = {
      lastRevision: this.db
        .prepare<[string], { revision: number; stream_hash: string }>(
          'SELECT revision, stream_hash FROM events WHERE stream_name = ? ORDER BY revision DESC LIMIT 1',
        ),
      lastLogHash: this.db.prepare<[], { log_hash: string }>('SELECT log_hash FROM events ORDER BY position DESC LIMIT 1'),
      logHashBefore: this.db.prepare<[number], { log_hash: string }>(
        'SELECT log_hash FROM events WHERE position < ? ORDER BY position DESC LIMIT 1',
      ),
      streamHashAt: this.db.prepare<[string, number], { stream_hash: string }>(
        'SELECT stream_hash FROM events WHERE stream_name = ? AND revision = ?',
      ),
      chainOfRange: this.db
        .prepare<[number, number, number], ChainRow>(
          `SELECT position, stream_name, revision, type, data, metadata, stream_hash, log_hash FROM events
           WHERE position > ? AND position <= ? ORDER BY position ASC LIMIT ?`,
        )
        .raw(),
      chainOfStream: this.db
        .prepare<[string, number, number], ChainRow>(
          `SELECT position, stream_name, revision, type, data, metadata, stream_hash, log_hash FROM events
           WHERE stream_name = ? AND revision > ? ORDER BY revision ASC LIMIT ?`,
        )
        .raw(),
      insert: this.db.prepare(
        `INSERT INTO events (event_id, stream_name, category, revision, type, data, metadata, recorded_at, stream_hash, log_hash)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      idsFrom: this.db.prepare<[string, number, number], Pick<Row, 'position' | 'event_id' | 'revision'>>(
        'SELECT position, event_id, revision FROM events WHERE stream_name = ? AND revision >= ? ORDER BY revision ASC LIMIT ?',
      ),
      streamForwards: this.db.prepare<[string, number, number], Row>(
        'SELECT * FROM events WHERE stream_name = ? AND revision >= ? ORDER BY revision ASC LIMIT ?',
      ),
      streamBackwards: this.db.prepare<[string, number, number], Row>(
        'SELECT * FROM events WHERE stream_name = ? AND revision <= ? ORDER BY revision DESC LIMIT ?',
      ),
      all: this.db.prepare<[number, number], Row>(
        'SELECT * FROM events WHERE position > ? ORDER BY position ASC LIMIT ?',
      ),
      category: this.db.prepare<[string, number, number], Row>(
        'SELECT * FROM events WHERE category = ? AND position > ? ORDER BY position ASC LIMIT ?',
      ),
      lastPosition: this.db.prepare<[], { position: number | null }>('SELECT MAX(position) AS position FROM events'),
      recordedAtOrAfter: this.db.prepare<[number], { position: number; recorded_at: string }>(
        'SELECT position, recorded_at FROM events WHERE position >= ? ORDER BY position ASC LIMIT 1',
      ),
    };
  }

  append(streamName: string, events: readonly EventToAppend[], expectedRevision: ExpectedRevision): Promise<AppendResult> {
    if (this.closed) return Promise.reject(new Error('The event store is closed'));
    if (events.length === 0) return Promise.reject(new Error('An append needs at least one event'));
    let serialized: SerializedEvent[];
    try {
      serialized = events.map(serialize);
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise((resolve, reject) => {
      this.pending.push({ streamName, events: serialized, expectedRevision, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  async readStream(streamName: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const maxCount = options.maxCount ?? Number.MAX_SAFE_INTEGER;
    const rows =
      options.direction === 'backwards'
        ? this.statements.streamBackwards.all(streamName, options.fromRevision ?? Number.MAX_SAFE_INTEGER, maxCount)
        : this.statements.streamForwards.all(streamName, options.fromRevision ?? 0, maxCount);
    return rows.map(toRecordedEvent);
  }

  async readAll(options: ReadAllOptions = {}): Promise<AllEvent[]> {
    return this.readAllNow(options);
  }

  async readCategory(category: string, options: ReadAllOptions = {}): Promise<AllEvent[]> {
    return this.statements.category
      .all(category, sequenceOf(options.after), options.maxCount ?? DEFAULT_PAGE)
      .map(toRecordedEvent);
  }

  async readHistory(query: HistoryQuery): Promise<AllEvent[]> {
    const where: string[] = [];
    const params: (string | number)[] = [];
    const narrow = (condition: string, value: string | number): void => {
      where.push(condition);
      params.push(value);
    };
    if (query.stream !== undefined) narrow('stream_name = ?', query.stream);
    if (query.category !== undefined) narrow('category = ?', query.category);
    if (query.type !== undefined) narrow('type = ?', query.type);
    if (query.actor !== undefined) narrow(`${ACTOR} = ?`, query.actor);
    if (query.correlationId !== undefined) narrow(`${CORRELATION} = ?`, query.correlationId);
    if (query.from !== undefined) {
      const from = new Date(query.from).toISOString();
      narrow('position >= ?', this.firstPositionFrom(from, 'at-or-after'));
      narrow('recorded_at >= ?', from);
    }
    if (query.to !== undefined) {
      const to = new Date(query.to).toISOString();
      narrow('position < ?', this.firstPositionFrom(to, 'after'));
      narrow('recorded_at <= ?', to);
    }
    if (query.after !== undefined) narrow(query.order === 'newest' ? 'position < ?' : 'position > ?', sequenceOf(query.after));
    const sql = `SELECT * FROM events ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY position ${query.order === 'newest' ? 'DESC' : 'ASC'} LIMIT ?`;
    let statement = this.historyStatements.get(sql);
    if (statement === undefined) {
      statement = this.db.prepare<(string | number)[], Row>(sql);
      this.historyStatements.set(sql, statement);
    }
    return statement.all(...params, query.maxCount).map(toRecordedEvent);
  }

  /**
   * The first position recorded at or after (or strictly after) an instant, by binary search over
   * positions: the store stamps each group commit as it writes it, so recorded times follow
   * positions, and a time range is a position range without an index of its own (one fewer index
   * for every append to update). The query keeps the time condition too, so a clock that stepped
   * back can narrow an answer further but never widen it.
   */
  private firstPositionFrom(instant: string, bound: 'at-or-after' | 'after'): number {
    const passes = (recordedAt: string): boolean => (bound === 'after' ? recordedAt > instant : recordedAt >= instant);
    const last = this.statements.lastPosition.get()?.position ?? 0;
    let low = 1;
    let high = last + 1;
    while (low < high) {
      const middle = Math.floor((low + high) / 2);
      const row = this.statements.recordedAtOrAfter.get(middle);
      if (row === undefined || passes(row.recorded_at)) high = middle;
      else low = row.position + 1;
    }
    return low;
  }

  subscribeToAll(options: { readonly after?: Position } = {}): EventSubscription {
    const subscription = new LogSubscription(
      (after, maxCount) => this.recent.after(after?.commit ?? 0n, maxCount),
      options.after,
      () => this.subscriptions.delete(subscription),
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  /** The position of the newest event, or null for an empty log. */
  async lastPosition(): Promise<Position | null> {
    const { position } = this.statements.lastPosition.get() ?? { position: null };
    return position === null ? null : positionOf(position);
  }

  async verifyChain(scope: ChainScope = {}): Promise<ChainVerification> {
    if ('stream' in scope) {
      const verifier = new ChainVerifier<number>(null);
      let after = -1;
      for (;;) {
        const rows = this.statements.chainOfStream.all(scope.stream, after, VERIFY_PAGE);
        for (const row of rows) verifier.check(chainedText(row));
        if (rows.length < VERIFY_PAGE) return withPositions(verifier.result());
        after = rows[rows.length - 1][2];
        await nextTurn();
      }
    }
    const from = scope.fromPosition === undefined ? 1 : Number(scope.fromPosition.commit);
    // Fixed at the start: events appended meanwhile are the next verification's.
    const to = scope.toPosition === undefined ? (this.statements.lastPosition.get()?.position ?? 0) : Number(scope.toPosition.commit);
    const verifier = new ChainVerifier<number>(
      this.statements.logHashBefore.get(from)?.log_hash ?? GENESIS_HASH,
      (stream, revision) => this.statements.streamHashAt.get(stream, revision)?.stream_hash,
    );
    let after = from - 1;
    while (after < to) {
      const rows = this.statements.chainOfRange.all(after, to, VERIFY_PAGE);
      for (const row of rows) verifier.check(chainedText(row));
      if (rows.length < VERIFY_PAGE) break;
      after = rows[rows.length - 1][0];
      await nextTurn();
    }
    return withPositions(verifier.result());
  }

  async logHashBefore(position: Position): Promise<string> {
    return this.statements.logHashBefore.get(Number(position.commit))?.log_hash ?? GENESIS_HASH;
  }

  snapshotsFor(): SnapshotStore | null {
    return this.snapshots;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.pending.length > 0) this.flush();
    await Promise.all([...this.subscriptions].map((subscription) => subscription.close()));
    this.snapshots?.close();
    this.db.close();
  }

  private readAllNow(options: ReadAllOptions): AllEvent[] {
    return this.statements.all.all(sequenceOf(options.after), options.maxCount ?? DEFAULT_PAGE).map(toRecordedEvent);
  }

  private flush(): void {
    this.flushScheduled = false;
    const batch = this.pending;
    this.pending = [];
    const outcomes: Outcome[] = [];
    const recordedAt = new Date().toISOString();
    try {
      // IMMEDIATE: the write lock is taken before the chain's previous hashes are read, so another
      // process appending to the same file waits instead of chaining from the same predecessor.
      this.db
        .transaction(() => {
          const chain = { logHash: this.statements.lastLogHash.get()?.log_hash ?? GENESIS_HASH };
          for (const request of batch) outcomes.push(this.appendOne(request, recordedAt, chain));
        })
        .immediate();
    } catch (error) {
      for (const request of batch) request.reject(error);
      return;
    }
    batch.forEach((request, index) => {
      const outcome = outcomes[index];
      if (outcome.ok) request.resolve(outcome.result);
      else request.reject(outcome.error);
    });
    for (const subscription of this.subscriptions) subscription.notify();
  }

  /** Runs inside the group transaction; checks come before any write, so a refused append writes nothing. */
  private appendOne(request: PendingAppend, recordedAt: string, chain: { logHash: string }): Outcome {
    const { streamName, events, expectedRevision } = request;
    const last = this.statements.lastRevision.get(streamName);
    const current = last?.revision ?? -1;
    if (!matchesExpectation(current, expectedRevision)) {
      return (
        this.earlierAppend(streamName, events, expectedRevision) ?? {
          ok: false,
          error: new WrongExpectedRevisionError(streamName, expectedRevision, current),
        }
      );
    }
    const category = categoryOf(streamName);
    let revision = current;
    let position = 0;
    let streamHash = last?.stream_hash ?? GENESIS_HASH;
    for (const event of events) {
      revision += 1;
      const canonical = canonicalEvent(streamName, revision, event.type, event.data, event.metadata);
      streamHash = chainHash(streamHash, canonical);
      chain.logHash = chainHash(chain.logHash, canonical);
      const info = this.statements.insert.run(
        event.id,
        streamName,
        category,
        revision,
        event.type,
        event.data,
        event.metadata,
        recordedAt,
        streamHash,
        chain.logHash,
      );
      position = Number(info.lastInsertRowid);
    }
    return { ok: true, result: { nextExpectedRevision: revision, position: positionOf(position) } };
  }

  /**
   * As in EventStoreDB, a retried append is recognised by its stream: the events right after the
   * expected revision carry the same ids in the same order. It answers the original result and
   * writes nothing; the same ids in another arrangement are a conflict. No global index on event
   * ids is kept: a random-key index would halve the append rate (bench/RESULTS.md).
   */
  private earlierAppend(streamName: string, events: readonly SerializedEvent[], expected: ExpectedRevision): Outcome | null {
    if (expected === 'any') return null;
    const from = expected === 'no_stream' ? 0 : expected + 1;
    const found = this.statements.idsFrom.all(streamName, from, events.length);
    if (found.length === 0 || found[0].event_id !== events[0].id) return null;
    const matches = found.length === events.length && found.every((row, index) => row.event_id === events[index].id);
    if (!matches) return { ok: false, error: new EventIdConflictError(streamName, events[0].id) };
    const last = found[found.length - 1];
    return { ok: true, result: { nextExpectedRevision: last.revision, position: positionOf(last.position), alreadyWritten: true } };
  }
}

const matchesExpectation = (current: number, expected: ExpectedRevision): boolean =>
  expected === 'any' || (expected === 'no_stream' ? current === -1 : current === expected);

const sequenceOf = (position: Position | undefined): number => (position === undefined ? 0 : Number(position.commit));

const serialize = (event: EventToAppend): SerializedEvent => ({
  id: event.id,
  type: event.type,
  data: canonicalJson(event.data),
  metadata: canonicalJson(metadataWithoutChain(event.metadata)),
});

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

const chainedText = ([position, stream, revision, type, data, metadata, streamHash, logHash]: ChainRow) => ({
  position,
  stream,
  revision,
  type,
  data,
  metadata,
  streamHash,
  logHash,
});

const withPositions = ({ firstMismatch, ...result }: ChainVerification<number>): ChainVerification => ({
  ...result,
  firstMismatch: firstMismatch && { ...firstMismatch, position: positionOf(firstMismatch.position) },
});

/**
 * A log written before the hash chain gets its columns and the chain of every event already in it,
 * in one transaction when the store is first opened by this version (logged); later opens find the
 * columns and do nothing. The stored text of those events is left as it was: they are hashed over
 * the canonical form of their parsed data and metadata, which verification recomputes.
 */
function addHashChain(db: Database.Database): void {
  const columns = db.prepare<[], { name: string }>('PRAGMA table_info(events)').all();
  if (columns.some((column) => column.name === 'stream_hash')) return;
  const started = Date.now();
  const page = db.prepare<[number, number], Row>('SELECT * FROM events WHERE position > ? ORDER BY position ASC LIMIT ?');
  const migrated = db
    .transaction(() => {
      db.exec(`ALTER TABLE events ADD COLUMN stream_hash TEXT NOT NULL DEFAULT '';
               ALTER TABLE events ADD COLUMN log_hash TEXT NOT NULL DEFAULT '';`);
      const update = db.prepare('UPDATE events SET stream_hash = ?, log_hash = ? WHERE position = ?');
      const streamTips = new Map<string, string>();
      let logHash = GENESIS_HASH;
      let count = 0;
      let after = 0;
      for (;;) {
        const rows = page.all(after, DEFAULT_PAGE);
        for (const row of rows) {
          const canonical = canonicalEvent(
            row.stream_name,
            row.revision,
            row.type,
            canonicalJson(JSON.parse(row.data)),
            canonicalJson(metadataWithoutChain(JSON.parse(row.metadata) as object)),
          );
          const streamHash = chainHash(streamTips.get(row.stream_name) ?? GENESIS_HASH, canonical);
          streamTips.set(row.stream_name, streamHash);
          logHash = chainHash(logHash, canonical);
          update.run(streamHash, logHash, row.position);
        }
        count += rows.length;
        if (rows.length < DEFAULT_PAGE) return count;
        after = rows[rows.length - 1].position;
      }
    })
    .immediate();
  new Logger('EventStore').log(
    `Added the hash chain to the log: ${migrated} events written before it now carry streamHash and logHash (${((Date.now() - started) / 1000).toFixed(2)} s, once)`,
  );
}

const toRecordedEvent = (row: Row): AllEvent => ({
  id: row.event_id,
  streamName: row.stream_name,
  revision: row.revision,
  type: row.type,
  data: JSON.parse(row.data) as unknown,
  metadata: JSON.parse(row.metadata) as EventMetadata,
  recordedAt: row.recorded_at,
  position: positionOf(row.position),
  streamHash: row.stream_hash,
  logHash: row.log_hash,
});
