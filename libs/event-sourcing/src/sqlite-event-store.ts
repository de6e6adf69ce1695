import { Logger } from '@nestjs/common';
import type Database from 'better-sqlite3';
import {
  type AllEvent,
  type AppendResult,
  type ChainScope,
  EventIdConflictError,
  type EventCount,
  EventStore,
  type EventStoreDescription,
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
import { LogSubscription } from './log-subscription';
import { RecentEvents } from './recent-events';
import { openSqliteDatabase } from './sqlite-database';
import { type AppendOutcome, type AppendRequest, type LogWriter, openLogWriter, type SerializedEvent } from './sqlite-log-writer';
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

type PendingAppend = AppendRequest & {
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
/** Stream tips remembered at most (about 100 bytes each); beyond it they are forgotten and learnt again. */
const MAX_TIPS = 100_000;
/** A load that folded this many events past a stream's snapshot writes a new one (snapshots.ts); 0 keeps none. */
export const DEFAULT_SNAPSHOT_EVERY = 100;
/** Rows verified between two turns of the event loop, so a verification of the whole log does not stall the API. */
const VERIFY_PAGE = 2048;

/**
 * The embedded log: one SQLite file in WAL mode with `synchronous=FULL`, so an acknowledged append
 * has been fsynced. Appends that arrive in the same turn of the event loop, or while the previous
 * commit is under way, share one transaction and one fsync (group commit), written on a thread of
 * its own (sqlite-log-writer.ts); each still checks its own expected revision and succeeds or fails
 * alone. Each event is stored with its two hashes (hash-chain.ts), computed inside that transaction
 * from the previous ones read in it, so no concurrent append can fork either chain; data and
 * metadata are stored as their canonical JSON text, which is what is hashed. Reads run on the
 * calling thread, on a connection of their own.
 */
export class SqliteEventStore extends EventStore {
  private readonly db: Database.Database;
  private readonly statements;
  private readonly writer: LogWriter;
  private pending: PendingAppend[] = [];
  private flushScheduled = false;
  /** The group commit under way; the next one starts when it has answered. */
  private writing: Promise<void> | null = null;
  /** The streams the commit under way writes to. */
  private writingStreams = new Set<string>();
  private readonly subscriptions = new Set<LogSubscription>();
  /** What subscriptions read, parsed once for all of them. */
  private readonly recent = new RecentEvents((after, maxCount) => this.statements.all.all(Number(after), maxCount).map(toRecordedEvent));
  private closed = false;
  /**
   * The last revision of streams this store has written or read to their end, used while the log
   * ends where this store's last commit left it (nobody else has written since): a read of what
   * comes after it is answered empty without a query. Per-request checks (CachedStreamStates) ask
   * exactly that.
   */
  private readonly tips = new Map<string, number>();
  /** Where the log ended after this store's last commit (0: empty log). */
  private knownLastPosition: number;
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
      countAfter: this.db.prepare<[number, number], number>('SELECT COUNT(*) FROM (SELECT 1 FROM events WHERE position > ? LIMIT ?)').pluck(),
      sqliteVersion: this.db.prepare<[], string>('SELECT sqlite_version()').pluck(),
      recordedAtOrAfter: this.db.prepare<[number], { position: number; recorded_at: string }>(
        'SELECT position, recorded_at FROM events WHERE position >= ? ORDER BY position ASC LIMIT 1',
      ),
    };
    this.knownLastPosition = this.statements.lastPosition.get()?.position ?? 0;
    this.writer = openLogWriter(file, this.db);
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
      this.scheduleFlush();
    });
  }

  async readStream(streamName: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const maxCount = options.maxCount ?? Number.MAX_SAFE_INTEGER;
    if (options.direction === 'backwards') {
      return this.statements.streamBackwards.all(streamName, options.fromRevision ?? Number.MAX_SAFE_INTEGER, maxCount).map(toRecordedEvent);
    }
    const fromRevision = options.fromRevision ?? 0;
    if (fromRevision > (this.tips.get(streamName) ?? Number.MAX_SAFE_INTEGER) && this.tipStillHolds(streamName)) return [];
    const rows = this.statements.streamForwards.all(streamName, fromRevision, maxCount);
    // Nothing from `fromRevision` on: the stream ends before it.
    if (rows.length === 0 && maxCount > 0) this.rememberTip(streamName, fromRevision - 1);
    else if (rows.length < maxCount) this.rememberTip(streamName, rows[rows.length - 1].revision);
    return rows.map(toRecordedEvent);
  }

  /**
   * Whether a stream's remembered tip is still its last revision: the log ends where this store's
   * last answered commit left it (nobody has written since), or where the commit under way left it,
   * which began there and does not write to this stream (it is written but its answer has not
   * arrived yet). Otherwise another connection (another process, salesctl) may have written: the
   * tips are not used, and the next commit tells whether to forget them (`forgetTipsIfOthersWrote`).
   */
  private tipStillHolds(streamName: string): boolean {
    const end = this.statements.lastPosition.get()?.position ?? 0;
    if (end === this.knownLastPosition) return true;
    const underWay = this.writing === null ? null : this.writer.lastCommitted();
    return (
      underWay !== null &&
      underWay.lastPositionBefore === this.knownLastPosition &&
      underWay.lastPositionAfter === end &&
      !this.writingStreams.has(streamName)
    );
  }

  /** Someone else wrote between this store's previous commit and this one: a remembered tip may be behind. */
  private forgetTipsIfOthersWrote(lastPositionBefore: number, lastPositionAfter: number): void {
    if (lastPositionBefore !== this.knownLastPosition) this.tips.clear();
    this.knownLastPosition = lastPositionAfter;
  }

  /** `revision` is the stream's last (-1: no stream) or an upper bound of it: what lies after it is nothing. */
  private rememberTip(streamName: string, revision: number): void {
    if (this.tips.size >= MAX_TIPS && !this.tips.has(streamName)) this.tips.clear();
    this.tips.set(streamName, revision);
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
  override writeFailure(): Error | null {
    return this.writer.failure();
  }

  async lastPosition(): Promise<Position | null> {
    const { position } = this.statements.lastPosition.get() ?? { position: null };
    return position === null ? null : positionOf(position);
  }

  override async describeServer(): Promise<EventStoreDescription> {
    return { store: 'embedded', version: `SQLite ${this.statements.sqliteVersion.get() ?? '?'}`, location: this.db.name };
  }

  /** Counted by the primary key, not read: exact, up to the limit. */
  override async countEventsAfter(after: Position | null, limit: number): Promise<EventCount> {
    const count = this.statements.countAfter.get(sequenceOf(after ?? undefined), limit) ?? 0;
    return { count, capped: count >= limit };
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
    // Appends accepted before closing are written and answered.
    while (this.writing !== null || this.pending.length > 0) await (this.writing ?? this.flush());
    await this.writer.close();
    await Promise.all([...this.subscriptions].map((subscription) => subscription.close()));
    this.snapshots?.close();
    this.db.close();
  }

  private readAllNow(options: ReadAllOptions): AllEvent[] {
    return this.statements.all.all(sequenceOf(options.after), options.maxCount ?? DEFAULT_PAGE).map(toRecordedEvent);
  }

  private scheduleFlush(): void {
    if (this.flushScheduled || this.writing !== null) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    if (this.writing !== null || this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    this.writingStreams = new Set(batch.map((request) => request.streamName));
    this.writing = this.commit(batch);
    await this.writing;
    this.writing = null;
    if (this.pending.length > 0) this.scheduleFlush();
  }

  private async commit(batch: readonly PendingAppend[]): Promise<void> {
    let commit;
    try {
      commit = await this.writer.write(batch.map(({ streamName, events, expectedRevision }) => ({ streamName, events, expectedRevision })));
    } catch (error) {
      for (const request of batch) request.reject(error);
      return;
    }
    if (!commit.committed) {
      const error = new Error(commit.failure);
      for (const request of batch) request.reject(error);
      return;
    }
    this.forgetTipsIfOthersWrote(commit.lastPositionBefore, commit.lastPositionAfter);
    batch.forEach((request, index) => {
      const outcome = commit.outcomes[index];
      // Learnt after the commit only: what a rolled-back transaction wrote never was.
      if (outcome.ok && !outcome.alreadyWritten) this.rememberTip(request.streamName, outcome.nextExpectedRevision);
      settle(request, outcome);
    });
    for (const subscription of this.subscriptions) subscription.notify();
  }
}

const settle = (request: PendingAppend, outcome: AppendOutcome): void => {
  if (outcome.ok) {
    const { nextExpectedRevision, position, alreadyWritten } = outcome;
    request.resolve({ nextExpectedRevision, position: positionOf(position), ...(alreadyWritten ? { alreadyWritten } : {}) });
  } else if (outcome.refusal === 'wrong-revision') {
    request.reject(new WrongExpectedRevisionError(request.streamName, request.expectedRevision, outcome.actual));
  } else {
    request.reject(new EventIdConflictError(request.streamName, outcome.eventId));
  }
};

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
