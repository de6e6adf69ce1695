import {
  ANY,
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  NO_STREAM,
  START,
  StreamNotFoundError,
  WrongExpectedVersionError,
  jsonEvent,
  streamNameFilter,
  type AllStreamResolvedEvent,
  type AllStreamSubscription,
  type AppendExpectedRevision,
  type CurrentRevision,
  type Filter,
  type JSONType,
  type ReadPosition,
  type RecordedEvent as ClientRecordedEvent,
} from '@eventstore/db-client';
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
  HistoryQueryNotIndexedError,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type SnapshotStore,
  type StreamSnapshot,
  WrongExpectedRevisionError,
} from './event-store.port';
import { ChainVerifier, type ChainVerification, GENESIS_HASH, canonicalJson, canonicalOf, chainHash, metadataWithoutChain } from './hash-chain';
import type { EventMetadata } from './kernel';
import { type Position, comparePositions } from './position';

/*
 * The only file that imports `@eventstore/db-client`: moving to `@kurrent/kurrentdb-client` (same
 * API under new names) changes this file and nothing else.
 */

/** Same default page as the embedded store, so callers see the same paging on both adapters. */
const DEFAULT_PAGE = 4096;
/** Smallest raw page read from `$all`: system and link events are skipped client-side. */
const MIN_RAW_PAGE = 256;
const MAX_RAW_PAGE = 4096;
/** Live subscription: pause the gRPC stream when this many events wait for the consumer. */
const HIGH_WATER = 1024;
const LOW_WATER = 256;
/** The server encodes "no position" as -1 in a uint64, which arrives as 2^64 - 1. */
const NO_POSITION = (1n << 64n) - 1n;
/** Server-side filter on `$all`: every stream whose name does not start with `$`. */
const USER_STREAMS = '^[^$]';
/** Stream tips (revision and streamHash) remembered from reads and appends, so an append usually needs no extra read. */
const CHAIN_TIPS = 10_000;
/** A stream's snapshots go to `$snapshot-<stream>`: a system stream, so `$all`, categories and history skip it like the rest. */
const SNAPSHOT_PREFIX = '$snapshot-';
const SNAPSHOT_EVENT = 'Snapshot';
/** Same default as the embedded store. */
const DEFAULT_SNAPSHOT_EVERY = 100;
/** Races an append with `any` may lose in a row before it is refused (each lost race is another writer's append). */
const ANY_ATTEMPTS = 100;
/** A category read that has not reached the head of `$all` by then fails. */
const DEFAULT_READ_DEADLINE_MS = 60_000;
/** A category read whose subscription delivers nothing for this long checks whether anything is still to come. */
const QUIET_MS = 200;

type ChainTip = { readonly revision: number; readonly hash: string; readonly id?: string };

/** What the adapter asks of the client; tests hand it a scripted client with the same surface. */
export type EsdbClient = Pick<EventStoreDBClient, 'appendToStream' | 'readStream' | 'readAll' | 'subscribeToAll' | 'setStreamMetadata' | 'dispose'>;

export type EsdbEventStoreOptions = { readonly snapshotEvery?: number; readonly readDeadlineMs?: number };

/**
 * The production log: EventStoreDB over gRPC. Revisions are 0-based numbers, positions are the
 * server's (commit, prepare) pair; `$all` and category reads skip system streams and events
 * (names and types starting with `$`), and never depend on server-side projections.
 * The stream's hash chain lives in each event's metadata (`streamHash`, hash-chain.ts): an append
 * chains from the event at its expected revision, so a concurrent append that would fork the
 * chain is refused by the server's own revision check. `$all` is ordered by the server after the
 * append, so its chain is not stored: verification computes it in `$all` order.
 */
export class EsdbEventStore extends EventStore {
  private readonly client: EsdbClient;
  private readonly subscriptions = new Set<EsdbSubscription>();
  private readonly pendingReads = new Set<(error: Error) => void>();
  private readonly chainTips = new Map<string, ChainTip>();
  private readonly snapshots: SnapshotStore | null;
  private readonly readDeadlineMs: number;
  private closed = false;

  /** @param connection e.g. `esdb://localhost:2113?tls=false`, or a client already made */
  constructor(connection: string | EsdbClient, options: EsdbEventStoreOptions = {}) {
    super();
    this.client = typeof connection === 'string' ? EventStoreDBClient.connectionString(connection) : connection;
    this.readDeadlineMs = options.readDeadlineMs ?? DEFAULT_READ_DEADLINE_MS;
    const every = options.snapshotEvery ?? DEFAULT_SNAPSHOT_EVERY;
    this.snapshots = every > 0 ? { every, read: (name) => this.readSnapshot(name), write: (snapshot) => this.writeSnapshot(snapshot) } : null;
  }

  static connect(connectionString: string, options: EsdbEventStoreOptions = {}): EsdbEventStore {
    return new EsdbEventStore(connectionString, options);
  }

  /** Over a client made elsewhere (a scripted one in tests); `close()` disposes it. */
  static withClient(client: EsdbClient, options: EsdbEventStoreOptions = {}): EsdbEventStore {
    return new EsdbEventStore(client, options);
  }

  snapshotsFor(): SnapshotStore | null {
    return this.snapshots;
  }

  async append(
    streamName: string,
    events: readonly EventToAppend[],
    expectedRevision: ExpectedRevision,
  ): Promise<AppendResult> {
    this.assertOpen();
    if (events.length === 0) throw new Error('An append needs at least one event');
    let written: { nextExpectedRevision: bigint; position?: { commit: bigint; prepare: bigint } } | null = null;
    for (let attempt = 1; written === null; attempt += 1) {
      const tip = await this.chainTip(streamName, expectedRevision);
      // `any` becomes the revision just read: the chain needs its predecessor's hash. The same
      // events already at the tip are a retry of an append that succeeded.
      if (expectedRevision === 'any' && tip.id !== undefined && events.some((event) => event.id === tip.id)) {
        return this.explainRefusal(streamName, events, expectedRevision, tip.revision);
      }
      const expectation = expectedRevision === 'any' ? tip.revision : expectedRevision;
      try {
        written = await this.client.appendToStream(streamName, chain(streamName, events, tip), {
          expectedRevision: toClientExpectation(expectation === -1 ? 'no_stream' : expectation),
        });
      } catch (error) {
        if (error instanceof WrongExpectedVersionError) {
          this.chainTips.delete(streamName);
          // `any` is not refused for a race: another writer got in between, so read the new tip and
          // try again. Each refusal is another writer's append; a stream so contended that this one
          // loses ANY_ATTEMPTS races in a row is refused as a conflict rather than retried forever.
          if (expectedRevision === 'any' && toActualRevision(error.actualVersion) !== expectation && attempt < ANY_ATTEMPTS) continue;
          return this.explainRefusal(streamName, events, expectedRevision, toActualRevision(error.actualVersion));
        }
        throw storeError(`append to ${streamName}`, error);
      }
    }
    // The tip is not remembered from what was sent: an idempotent replay may have found other
    // metadata stored under the same ids. The next read of the stream remembers what is stored.
    const nextExpectedRevision = Number(written.nextExpectedRevision);
    // The server answers the position of the last event written; an idempotent replay may come
    // back without one, in which case the recorded event itself says where it is.
    const position =
      validPosition(written.position) ?? (await this.positionOfRevision(streamName, nextExpectedRevision));
    return { nextExpectedRevision, position };
  }

  async readStream(streamName: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const backwards = options.direction === 'backwards';
    if (options.maxCount !== undefined && options.maxCount <= 0) return [];
    const from = options.fromRevision;
    if (backwards && from !== undefined && from < 0) return [];
    const events: RecordedEvent[] = [];
    try {
      const read = this.client.readStream(streamName, {
        direction: backwards ? BACKWARDS : FORWARDS,
        // The client defaults to START whatever the direction; backwards must start at the end.
        fromRevision: from !== undefined && from >= 0 ? BigInt(from) : backwards ? END : START,
        ...(options.maxCount !== undefined ? { maxCount: options.maxCount } : {}),
        resolveLinkTos: false,
      });
      for await (const resolved of read) {
        if (resolved.event) events.push(toRecordedEvent(resolved.event));
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw storeError(`read of ${streamName}`, error);
    }
    this.assertNotClosedDuring(`read of ${streamName}`);
    // A command loads its stream just before it appends: remember where the chain stands.
    const newest = backwards ? events[0] : events.at(-1);
    if (newest?.streamHash !== undefined && (this.chainTips.get(streamName)?.revision ?? -1) <= newest.revision) {
      this.rememberTip(streamName, { revision: newest.revision, hash: newest.streamHash, id: newest.id });
    }
    return events;
  }

  /**
   * A stream's chain is checked from its stored hashes. `$all` carries no stored chain here (the
   * server orders it after the append): a range is verified from the start of the log, so the
   * computed `$all` chain (headHash) is the same in every verification and can be compared with
   * one recorded earlier.
   */
  async verifyChain(scope: ChainScope = {}): Promise<ChainVerification> {
    this.assertOpen();
    if ('stream' in scope) {
      const verifier = new ChainVerifier(null);
      for (let from = 0; ; from += DEFAULT_PAGE) {
        const events = await this.readStream(scope.stream, { fromRevision: from, maxCount: DEFAULT_PAGE });
        for (const event of events) verifier.check(chainedText(event));
        if (events.length < DEFAULT_PAGE) return verifier.result();
      }
    }
    const verifier = new ChainVerifier(GENESIS_HASH);
    const to = scope.toPosition;
    let after: Position | undefined;
    for (;;) {
      const events = await this.readAll({ after, maxCount: DEFAULT_PAGE });
      for (const event of events) {
        if (to && comparePositions(event.position, to) > 0) return verifier.result();
        verifier.check(chainedText(event));
      }
      if (events.length < DEFAULT_PAGE) return verifier.result();
      after = events[events.length - 1].position;
    }
  }

  /** Computed from the start of the log: EventStoreDB keeps no `$all` chain. */
  async logHashBefore(position: Position): Promise<string> {
    this.assertOpen();
    let logHash = GENESIS_HASH;
    let after: Position | undefined;
    for (;;) {
      const events = await this.readAll({ after, maxCount: DEFAULT_PAGE });
      for (const event of events) {
        if (comparePositions(event.position, position) >= 0) return logHash;
        logHash = chainHash(logHash, canonicalOf(event));
      }
      if (events.length < DEFAULT_PAGE) return logHash;
      after = events[events.length - 1].position;
    }
  }

  /**
   * Pages through `$all` from `after` (the server's start position is inclusive, so the event at
   * `after` itself is skipped) and drops system streams and events client-side, reading further
   * pages until `maxCount` events are found or the end of the log is reached.
   */
  async readAll(options: ReadAllOptions = {}): Promise<AllEvent[]> {
    this.assertOpen();
    const maxCount = options.maxCount ?? DEFAULT_PAGE;
    if (maxCount <= 0) return [];
    const events: AllEvent[] = [];
    let cursor = options.after;
    for (;;) {
      const pageSize = Math.min(Math.max(maxCount - events.length + 1, MIN_RAW_PAGE), MAX_RAW_PAGE);
      let seen = 0;
      let last: Position | undefined;
      try {
        const read = this.client.readAll({
          direction: FORWARDS,
          fromPosition: cursor ? toReadPosition(cursor) : START,
          maxCount: pageSize,
          resolveLinkTos: false,
        });
        for await (const resolved of read) {
          seen += 1;
          if (resolved.event)
            last = { commit: resolved.event.position.commit, prepare: resolved.event.position.prepare };
          const event = toAllEvent(resolved, cursor);
          if (event && events.length < maxCount) events.push(event);
        }
      } catch (error) {
        throw storeError('read of $all', error);
      }
      this.assertNotClosedDuring('read of $all');
      if (events.length >= maxCount || seen < pageSize || last === undefined) return events;
      cursor = last;
    }
  }

  /**
   * Reads `$all` with a server-side stream-name prefix filter (`<category>-`), so no system
   * projection is needed. The client's `readAll` cannot filter, so this is a filtered catch-up
   * subscription that stops at the head of `$all` as it was when the read began (readFiltered).
   */
  async readCategory(category: string, options: ReadAllOptions = {}): Promise<AllEvent[]> {
    this.assertOpen();
    const prefix = `${category}-`;
    return this.readFiltered(
      streamNameFilter({ prefixes: [prefix] }),
      (event) => event.streamName.startsWith(prefix),
      options,
      `read of category ${category}`,
    );
  }

  subscribeToAll(options: { readonly after?: Position } = {}): EventSubscription {
    this.assertOpen();
    const subscription = new EsdbSubscription(
      (after) =>
        this.client.subscribeToAll({
          fromPosition: after ? toReadPosition(after) : START,
          filter: streamNameFilter({ regex: USER_STREAMS }),
          resolveLinkTos: false,
        }),
      options.after,
      () => this.subscriptions.delete(subscription),
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  /**
   * Answers from EventStoreDB's own indexes: one stream is read as itself; a correlation id, an
   * event type or a category through the system projections' streams (`$bc-<id>`, `$et-<type>`,
   * `$ce-<category>`: start the server with `$by_correlation_id`, `$by_event_type` and
   * `$by_category` enabled), links resolved; a time range alone walks `$all` from the cursor and
   * stops at the range's end. The other filters (actor, time) narrow what that walk finds.
   * EventStoreDB keeps no index by actor: an actor alone is refused (`HistoryQueryNotIndexedError`).
   * An index stream cannot be entered at a position of `$all`, so a later page re-reads the index
   * stream from its end (newest) or start (oldest) up to the cursor: the cost grows with the depth
   * of the page in that stream, not with the log.
   */
  async readHistory(query: HistoryQuery): Promise<AllEvent[]> {
    this.assertOpen();
    const indexStream =
      query.stream ??
      (query.correlationId !== undefined ? `$bc-${query.correlationId}` : undefined) ??
      (query.type !== undefined ? `$et-${query.type}` : undefined) ??
      (query.category !== undefined ? `$ce-${query.category}` : undefined);
    if (indexStream === undefined && query.actor !== undefined) throw new HistoryQueryNotIndexedError('actor');
    const from = query.from === undefined ? undefined : new Date(query.from).toISOString();
    const to = query.to === undefined ? undefined : new Date(query.to).toISOString();
    const newest = query.order === 'newest';
    const beyondCursor = (position: Position): boolean =>
      query.after === undefined || (newest ? comparePositions(position, query.after) < 0 : comparePositions(position, query.after) > 0);
    const matches = (event: AllEvent): boolean =>
      (query.stream === undefined || event.streamName === query.stream) &&
      (query.category === undefined || event.streamName.startsWith(`${query.category}-`)) &&
      (query.type === undefined || event.type === query.type) &&
      (query.actor === undefined || event.metadata?.actor?.userId === query.actor) &&
      (query.correlationId === undefined || event.metadata?.correlationId === query.correlationId) &&
      (from === undefined || event.recordedAt >= from) &&
      (to === undefined || event.recordedAt <= to);
    /** Past the end of the time range in the walking direction: nothing further can match. */
    const pastRange = (event: AllEvent): boolean => (newest ? from !== undefined && event.recordedAt < from : to !== undefined && event.recordedAt > to);
    const found: AllEvent[] = [];
    try {
      const read =
        indexStream === undefined
          ? this.client.readAll({
              direction: newest ? BACKWARDS : FORWARDS,
              fromPosition: query.after ? toReadPosition(query.after) : newest ? END : START,
              resolveLinkTos: false,
            })
          : this.client.readStream(indexStream, { direction: newest ? BACKWARDS : FORWARDS, fromRevision: newest ? END : START, resolveLinkTos: true });
      for await (const resolved of read) {
        const recorded = resolved.event;
        if (!recorded || isSystem(recorded.streamId, recorded.type)) continue;
        const position = validPosition(recorded.position);
        if (!position || !beyondCursor(position)) continue;
        const event: AllEvent = { ...toRecordedEvent(recorded), position };
        if (pastRange(event)) break;
        if (!matches(event)) continue;
        found.push(event);
        if (found.length >= query.maxCount) break;
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return found;
      throw storeError(`history read of ${indexStream ?? '$all'}`, error);
    }
    this.assertNotClosedDuring(`history read of ${indexStream ?? '$all'}`);
    return found;
  }

  /** The position of the newest non-system event, or null for a log without one. */
  async lastPosition(): Promise<Position | null> {
    this.assertOpen();
    let cursor: Position | undefined;
    for (;;) {
      let seen = 0;
      let last: Position | undefined;
      try {
        const read = this.client.readAll({
          direction: BACKWARDS,
          fromPosition: cursor ? toReadPosition(cursor) : END,
          maxCount: MIN_RAW_PAGE,
          resolveLinkTos: false,
        });
        for await (const resolved of read) {
          seen += 1;
          if (!resolved.event) continue;
          const position = { commit: resolved.event.position.commit, prepare: resolved.event.position.prepare };
          last = position;
          // Paging backwards from an event's own position may return that event again.
          if (cursor && comparePositions(position, cursor) >= 0) continue;
          if (!isSystem(resolved.event.streamId, resolved.event.type)) return position;
        }
      } catch (error) {
        throw storeError('read of $all', error);
      }
      this.assertNotClosedDuring('read of $all');
      if (seen < MIN_RAW_PAGE || last === undefined) return null;
      cursor = last;
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const abort of [...this.pendingReads]) abort(new Error('The event store was closed during a read'));
    await Promise.all([...this.subscriptions].map((subscription) => subscription.close()));
    await this.client.dispose();
  }

  /** The newest event of the stream's snapshot stream. */
  private async readSnapshot(streamName: string): Promise<StreamSnapshot | null> {
    this.assertOpen();
    try {
      for await (const resolved of this.client.readStream(`${SNAPSHOT_PREFIX}${streamName}`, {
        direction: BACKWARDS,
        fromRevision: END,
        maxCount: 1,
        resolveLinkTos: false,
      })) {
        const data = resolved.event?.type === SNAPSHOT_EVENT ? decodeJson(resolved.event.data) : null;
        if (!isObject(data) || typeof data.revision !== 'number' || typeof data.version !== 'string' || typeof data.data !== 'string') return null;
        return { streamName, revision: data.revision, version: data.version, data: data.data };
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return null;
      throw storeError(`read of ${SNAPSHOT_PREFIX}${streamName}`, error);
    }
    this.assertNotClosedDuring(`read of ${SNAPSHOT_PREFIX}${streamName}`);
    return null;
  }

  /** Appended to the snapshot stream, which keeps only its newest event (`$maxCount` 1, set with its first). */
  private async writeSnapshot(snapshot: StreamSnapshot): Promise<void> {
    this.assertOpen();
    const name = `${SNAPSHOT_PREFIX}${snapshot.streamName}`;
    try {
      const written = await this.client.appendToStream(
        name,
        jsonEvent({ type: SNAPSHOT_EVENT, data: { revision: snapshot.revision, version: snapshot.version, data: snapshot.data } }),
        { expectedRevision: ANY },
      );
      if (written.nextExpectedRevision === 0n) await this.client.setStreamMetadata(name, { maxCount: 1 });
    } catch (error) {
      throw storeError(`write of ${name}`, error);
    }
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('The event store is closed');
  }

  /**
   * Disposing the client ends its reads quietly, as if they had reached their end: a read that
   * close() interrupted is refused, never answered with the part it had received.
   */
  private assertNotClosedDuring(operation: string): void {
    if (this.closed) throw new Error(`EventStoreDB ${operation} was cut short: the event store was closed during the read`);
  }

  private rememberTip(streamName: string, tip: ChainTip): void {
    this.chainTips.delete(streamName);
    this.chainTips.set(streamName, tip);
    if (this.chainTips.size > CHAIN_TIPS) this.chainTips.delete(this.chainTips.keys().next().value as string);
  }

  /** The event an append chains from: the one at the expected revision (for `any`, the newest), with its streamHash. */
  private async chainTip(streamName: string, expected: ExpectedRevision): Promise<ChainTip> {
    if (expected === 'no_stream' || expected === -1) return { revision: -1, hash: GENESIS_HASH };
    const remembered = this.chainTips.get(streamName);
    if (expected !== 'any' && remembered?.revision === expected) return remembered;
    const [event] =
      expected === 'any'
        ? await this.readStream(streamName, { direction: 'backwards', maxCount: 1 })
        : await this.readStream(streamName, { fromRevision: expected, maxCount: 1 });
    // No such event: the server will refuse the expectation, whatever the hash.
    if (!event || (expected !== 'any' && event.revision !== expected)) return { revision: expected === 'any' ? -1 : expected, hash: GENESIS_HASH };
    return { revision: event.revision, hash: event.streamHash ?? (await this.computedStreamHash(streamName, event.revision)), id: event.id };
  }

  /** The chain up to a revision of a stream whose events were written before the chain (they carry no streamHash). */
  private async computedStreamHash(streamName: string, revision: number): Promise<string> {
    let hash = GENESIS_HASH;
    for (const event of await this.readStream(streamName, { maxCount: revision + 1 })) {
      hash = event.streamHash ?? chainHash(hash, canonicalOf(event));
    }
    return hash;
  }

  /**
   * EventStoreDB refused the expectation. Answer as the embedded store does, from the events right
   * after the expected revision only (a lost race on a long stream reads `events.length` events,
   * not the stream): the same ids in the same order are a replay of an append already written (its
   * result); the first id there followed by others is EventIdConflictError; anything else,
   * including ids found elsewhere in the stream, is a plain WrongExpectedRevisionError. With `any`,
   * the tip itself is checked: a replay ends there.
   */
  private async explainRefusal(
    streamName: string,
    events: readonly EventToAppend[],
    expected: ExpectedRevision,
    actual: number,
  ): Promise<AppendResult> {
    const from = expected === 'any' ? actual - events.length + 1 : expected === 'no_stream' ? 0 : expected + 1;
    const following = from < 0 || actual < from ? [] : await this.readStream(streamName, { fromRevision: from, maxCount: events.length });
    if (following[0]?.id !== events[0].id) {
      if (expected === 'any' && events.some((event) => following.some((recorded) => recorded.id === event.id))) {
        throw new EventIdConflictError(streamName, events[0].id);
      }
      throw new WrongExpectedRevisionError(streamName, expected, actual);
    }
    const replayed = following.length === events.length && following.every((recorded, index) => recorded.id === events[index].id);
    if (!replayed) throw new EventIdConflictError(streamName, events[0].id);
    const last = following[following.length - 1];
    const position = last.position ?? (await this.positionOfRevision(streamName, last.revision));
    return { nextExpectedRevision: last.revision, position, alreadyWritten: true };
  }

  private async positionOfRevision(streamName: string, revision: number): Promise<Position> {
    const [event] = await this.readStream(streamName, { fromRevision: revision, maxCount: 1 });
    if (!event?.position || event.revision !== revision) {
      throw new Error(`EventStoreDB reported no log position for ${streamName}@${revision}`);
    }
    return event.position;
  }

  /**
   * A catch-up subscription used as a bounded read, up to the head of `$all` (its newest user
   * event) taken when the read starts. It ends at maxCount, at the server's "caught up" (sent from
   * 23.10), at an event at or past the head, or, once the subscription has gone quiet, when the
   * user events between the last one it delivered and the head turn out to hold none it would
   * deliver (that check reads those events unfiltered, which is what an older server costs). A
   * read that reaches none of these by its deadline fails instead of hanging.
   */
  private async readFiltered(
    filter: Filter,
    accept: (event: AllEvent) => boolean,
    options: ReadAllOptions,
    operation: string,
  ): Promise<AllEvent[]> {
    const maxCount = options.maxCount ?? DEFAULT_PAGE;
    if (maxCount <= 0) return [];
    const after = options.after;
    const head = await this.lastPosition();
    if (head === null || (after && comparePositions(after, head) >= 0)) return [];
    return new Promise<AllEvent[]>((resolve, reject) => {
      const events: AllEvent[] = [];
      let reachedHead = false;
      let settled = false;
      /** Where the subscription has got to; events up to `checkedTo` hold none still to come. */
      let delivered = after;
      let checkedTo = after;
      let quiet: NodeJS.Timeout | undefined;
      const source = this.client.subscribeToAll({
        fromPosition: after ? toReadPosition(after) : START,
        filter,
        resolveLinkTos: false,
      });
      const deadline = setTimeout(
        () =>
          finish(
            new Error(
              `did not reach the head of $all (${head.commit}/${head.prepare}) within ${this.readDeadlineMs} ms: ` +
                `no caughtUp from the server and no event delivered up to it`,
            ),
          ),
        this.readDeadlineMs,
      );
      const finish = (error?: unknown): void => {
        if (settled) return;
        settled = true;
        clearTimeout(deadline);
        clearTimeout(quiet);
        this.pendingReads.delete(abort);
        source.unsubscribe().catch(() => undefined);
        if (error === undefined) resolve(events);
        else reject(storeError(operation, error));
      };
      const abort = (error: Error): void => finish(error);
      this.pendingReads.add(abort);
      // Events received before the end is known may still sit in the stream's buffer: finish only
      // once that buffer is drained, so none of them is lost.
      const finishIfDrained = (): void => {
        if (reachedHead && source.readableLength === 0) finish();
      };
      const checkWhenQuiet = (): void => {
        clearTimeout(quiet);
        if (!reachedHead) quiet = setTimeout(() => void checkTail(), QUIET_MS);
      };
      const checkTail = async (): Promise<void> => {
        try {
          let cursor = later(delivered, checkedTo);
          for (;;) {
            const page = await this.readAll({ after: cursor, maxCount: MIN_RAW_PAGE });
            if (settled) return;
            for (const event of page) {
              if (comparePositions(event.position, head) > 0) break;
              // Still to be delivered: wait for the subscription.
              if (accept(event) && (delivered === undefined || comparePositions(event.position, delivered) > 0)) return checkWhenQuiet();
              cursor = event.position;
            }
            checkedTo = cursor;
            if (page.length < MIN_RAW_PAGE || comparePositions(page[page.length - 1].position, head) >= 0) break;
          }
          reachedHead = true;
          finishIfDrained();
        } catch (error) {
          finish(error);
        }
      };
      source.on('data', (resolved: AllStreamResolvedEvent) => {
        if (settled) return;
        const event = toAllEvent(resolved, after);
        if (event && accept(event)) {
          events.push(event);
          delivered = event.position;
          if (events.length >= maxCount) return finish();
          if (comparePositions(event.position, head) >= 0) reachedHead = true;
        }
        checkWhenQuiet();
        finishIfDrained();
      });
      source.on('caughtUp', () => {
        reachedHead = true;
        finishIfDrained();
      });
      source.on('error', (error: Error) => finish(error));
      source.on('end', () => finish(reachedHead ? undefined : new Error('the server ended the read before reaching the head of $all')));
      checkWhenQuiet();
    });
  }

  /**
   * The server's version (`salesctl doctor`), from the server features the client fetches once per
   * connection (behind a getter its typings mark protected). Null where the server does not say
   * (before 21.10). Throws when the server does not answer within 5 s.
   */
  override async describeServer(): ReturnType<EventStore['describeServer']> {
    this.assertOpen();
    const features = (this.client as unknown as { readonly capabilities?: Promise<{ readonly serverVersion?: string }> }).capabilities;
    if (features === undefined) return { store: 'eventstoredb', version: null };
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error('no answer within 5 s')), 5_000);
    });
    try {
      const { serverVersion } = await Promise.race([features, timeout]);
      return { store: 'eventstoredb', version: serverVersion && serverVersion !== 'unknown' ? serverVersion : null };
    } catch (error) {
      throw storeError('read of the server features', error);
    } finally {
      clearTimeout(timer);
    }
  }
}

/** The later of two positions, either possibly unknown (the start of the log). */
const later = (a: Position | undefined, b: Position | undefined): Position | undefined =>
  a === undefined ? b : b === undefined ? a : comparePositions(a, b) >= 0 ? a : b;

/**
 * Catch-up then live delivery of `$all` (user streams only), strictly after `after`. The gRPC
 * stream is paused while too many events wait for the consumer, so a slow projection applies
 * back-pressure to the server instead of buffering the log in memory. A failure of the
 * subscription (server gone, access denied) is thrown from the iteration; the caller resubscribes
 * from its checkpoint.
 */
class EsdbSubscription implements EventSubscription {
  private closed = false;
  private started = false;
  private source: AllStreamSubscription | null = null;
  private wake: (() => void) | null = null;

  constructor(
    private readonly open: (after: Position | undefined) => AllStreamSubscription,
    private readonly after: Position | undefined,
    private readonly onClose: () => void,
  ) {}

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.onClose();
    this.signal();
    const source = this.source;
    this.source = null;
    if (source) await source.unsubscribe().catch(() => undefined);
  }

  [Symbol.asyncIterator](): AsyncIterator<AllEvent> {
    if (this.started) throw new Error('This subscription is already being iterated');
    this.started = true;
    const buffer: AllEvent[] = [];
    let failure: unknown = null;
    let ended = false;
    let source: AllStreamSubscription | null = null;
    const done = (): IteratorReturnResult<undefined> => ({ done: true, value: undefined });

    const begin = (): AllStreamSubscription => {
      const opened = this.open(this.after);
      this.source = opened;
      opened.on('data', (resolved: AllStreamResolvedEvent) => {
        const event = toAllEvent(resolved, this.after);
        if (!event) return;
        buffer.push(event);
        if (buffer.length >= HIGH_WATER) opened.pause();
        this.signal();
      });
      opened.on('error', (error: Error) => {
        failure ??= error;
        this.signal();
      });
      opened.on('end', () => {
        ended = true;
        this.signal();
      });
      return opened;
    };

    return {
      next: async (): Promise<IteratorResult<AllEvent>> => {
        if (this.closed) return done();
        source ??= begin();
        for (;;) {
          if (this.closed) return done();
          const event = buffer.shift();
          if (event) {
            if (source.isPaused() && buffer.length <= LOW_WATER) source.resume();
            return { done: false, value: event };
          }
          if (failure !== null) {
            const error = failure;
            await this.close();
            throw storeError('subscription to $all', error);
          }
          if (ended) {
            await this.close();
            throw new Error('EventStoreDB ended the subscription to $all');
          }
          await new Promise<void>((resolve) => {
            this.wake = resolve;
          });
        }
      },
      return: async (): Promise<IteratorResult<AllEvent>> => {
        await this.close();
        return done();
      },
    };
  }

  private signal(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }
}

/** The events as sent, each with its streamHash in its metadata, chained from `from`. */
const chain = (streamName: string, events: readonly EventToAppend[], from: ChainTip) => {
  let previous = from;
  return events.map((event) => {
    assertSendable(event, 'data', event.data);
    assertSendable(event, 'metadata', event.metadata);
    const revision = previous.revision + 1;
    const hash = chainHash(previous.hash, canonicalOf({ ...event, streamName, revision }));
    previous = { revision, hash };
    return jsonEvent({
      id: event.id,
      type: event.type,
      data: event.data as JSONType,
      metadata: { ...metadataWithoutChain(event.metadata), ...serverConventions(event.metadata), streamHash: hash } as JSONType,
    });
  });
};

/**
 * EventStoreDB's standard projections read correlation and causation from `$correlationId` and
 * `$causationId` in the metadata (`$by_correlation_id` links on the former): they are written
 * beside our own fields, outside the chain's hash, and dropped again on read.
 */
const SERVER_CONVENTIONS = { $correlationId: 'correlationId', $causationId: 'causationId' } as const;

const serverConventions = (metadata: object): Record<string, string> => {
  const fields: Record<string, string> = {};
  for (const [server, ours] of Object.entries(SERVER_CONVENTIONS)) {
    const value = (metadata as Record<string, unknown>)[ours];
    if (typeof value === 'string') fields[server] = value;
  }
  return fields;
};

const withoutServerConventions = (metadata: Record<string, unknown>): Record<string, unknown> => {
  const rest = { ...metadata };
  for (const server of Object.keys(SERVER_CONVENTIONS)) delete rest[server];
  return rest;
};

/**
 * The client serialises an event inside a promise executor that nothing awaits: a value
 * JSON.stringify refuses there (nesting deeper than its stack, a BigInt, a cycle, a throwing
 * toJSON) leaves the append pending forever. The same JSON.stringify runs here first.
 */
const assertSendable = (event: EventToAppend, part: 'data' | 'metadata', value: unknown): void => {
  let text: string | undefined;
  try {
    text = JSON.stringify(value) as string | undefined;
  } catch (error) {
    throw new Error(`Event ${event.id} (${event.type}) cannot be sent to EventStoreDB: its ${part} is not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (text === undefined) throw new Error(`Event ${event.id} (${event.type}) cannot be sent to EventStoreDB: its ${part} has no JSON form`);
};

/** What verification reads: the parsed data and metadata as canonical text. */
const chainedText = (event: RecordedEvent) => ({
  position: event.position ?? null,
  stream: event.streamName,
  revision: event.revision,
  type: event.type,
  data: canonicalJson(event.data),
  metadata: canonicalJson(event.metadata),
  streamHash: event.streamHash ?? null,
  logHash: null,
});

const toClientExpectation = (expected: ExpectedRevision): AppendExpectedRevision => {
  if (expected === 'no_stream') return NO_STREAM;
  if (expected === 'any') return ANY;
  if (!Number.isSafeInteger(expected) || expected < -1) throw new RangeError(`Invalid expected revision ${expected}`);
  return expected === -1 ? NO_STREAM : BigInt(expected);
};

/** The client reports a missing stream as `no_stream`; the port as -1. */
const toActualRevision = (actual: CurrentRevision): number => (actual === NO_STREAM ? -1 : Number(actual));

const toReadPosition = (position: Position): ReadPosition => ({ commit: position.commit, prepare: position.prepare });

/** Stream reads carry a position on servers from 22.6; older ones send "none" as -1 (or nothing, read as 0). */
const validPosition = (position: { commit: bigint; prepare: bigint } | undefined): Position | undefined =>
  position === undefined ||
  position.commit < 0n ||
  position.prepare < 0n ||
  position.commit >= NO_POSITION ||
  position.prepare >= NO_POSITION ||
  (position.commit === 0n && position.prepare === 0n)
    ? undefined
    : { commit: position.commit, prepare: position.prepare };

const isSystem = (streamName: string, type: string): boolean => streamName.startsWith('$') || type.startsWith('$');

const toRecordedEvent = (recorded: ClientRecordedEvent): RecordedEvent => {
  const position = validPosition(recorded.position);
  const metadata = decodeJson(recorded.metadata);
  const streamHash = isObject(metadata) && typeof metadata.streamHash === 'string' ? metadata.streamHash : undefined;
  return {
    id: recorded.id,
    streamName: recorded.streamId,
    revision: Number(recorded.revision),
    type: recorded.type,
    data: decodeJson(recorded.data),
    metadata: (isObject(metadata) ? withoutServerConventions(metadataWithoutChain(metadata)) : metadata) as EventMetadata,
    ...(streamHash !== undefined ? { streamHash } : {}),
    // The client already converts the server's .NET ticks (100 ns since the epoch) into a Date.
    recordedAt: recorded.created.toISOString(),
    ...(position ? { position } : {}),
  };
};

/** A user event of `$all` strictly after `after`, or null for system events and the event at `after`. */
const toAllEvent = (resolved: AllStreamResolvedEvent, after: Position | undefined): AllEvent | null => {
  const recorded = resolved.event;
  if (!recorded || isSystem(recorded.streamId, recorded.type)) return null;
  const position = { commit: recorded.position.commit, prepare: recorded.position.prepare };
  if (after && comparePositions(position, after) <= 0) return null;
  return { ...toRecordedEvent(recorded), position };
};

/** JSON events arrive parsed; anything written as bytes is decoded as JSON when it is JSON. */
const decodeJson = (value: unknown): unknown => {
  if (!(value instanceof Uint8Array)) return value;
  const text = Buffer.from(value).toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
};

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

const storeError = (operation: string, error: unknown): Error =>
  error instanceof WrongExpectedRevisionError || error instanceof EventIdConflictError
    ? error
    : new Error(`EventStoreDB ${operation} failed: ${error instanceof Error ? error.message : String(error)}`, {
        cause: error,
      });
