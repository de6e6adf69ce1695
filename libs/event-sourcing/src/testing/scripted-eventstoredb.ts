import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import {
  ANY,
  BACKWARDS,
  END,
  EVENT_TYPE,
  NO_STREAM,
  START,
  STREAM_EXISTS,
  StreamNotFoundError,
  WrongExpectedVersionError,
  type AllStreamResolvedEvent,
  type AllStreamSubscription,
  type AppendResult,
  type AppendToStreamOptions,
  type EventData,
  type EventType,
  type Filter,
  type Position,
  type ReadAllOptions,
  type ReadStreamOptions,
  type ResolvedEvent,
  type StreamMetadata,
  type StreamingRead,
  type SubscribeToAllOptions,
} from '@eventstore/db-client';
import type { EsdbClient } from '../esdb-event-store';

export type ScriptedEventStoreDBOptions = {
  /**
   * Servers from 23.10 tell a catch-up subscription when it has caught up; older ones never do.
   * Default true.
   */
  readonly sendsCaughtUp?: boolean;
};

type StoredEvent = {
  readonly streamId: string;
  readonly id: string;
  readonly revision: bigint;
  readonly type: string;
  readonly isJson: boolean;
  readonly data: Uint8Array;
  readonly metadata: Uint8Array;
  readonly created: Date;
  readonly position: Position;
};

/** A read or subscription the client holds open. */
type OpenStream = { wake(): void; endQuietly(): void };

type ProposedEvent = Omit<StoredEvent, 'streamId' | 'revision' | 'created' | 'position'>;

/** Events a read or subscription hands over per turn of the event loop: a read spans several turns, as one over the network does. */
const CHUNK = 32;
const LINK_TYPE = '$>';

/**
 * An in-process stand-in for the part of `EventStoreDBClient` the adapter uses, scripted after
 * the server's documented behaviour and @eventstore/db-client 6.2.1's own code:
 * - streams with 0-based revisions; `$all` ordered by (commit, prepare) positions, system events
 *   (a `$settings` event at start, `$metadata` events of `setStreamMetadata`, the `$ce-` and `$et-`
 *   links of the standard projections) included;
 * - an append checks its expected revision and throws the client's `WrongExpectedVersionError`;
 *   an append whose ids are exactly the events right after its expected revision is an idempotent
 *   replay: it writes nothing and answers the same nextExpectedRevision, without a position;
 * - the events are serialised inside an async promise executor, as the client does, so a value
 *   JSON.stringify refuses leaves the append pending forever (the lost error is kept in
 *   `lostAppendFailures`);
 * - reading a missing stream fails with `StreamNotFoundError`; `$maxCount` hides older events;
 * - reading `$all` forwards includes the event at the start position, backwards excludes it;
 *   a subscription starts after its position and filters server-side by stream-name prefix or
 *   regex (or event type), then sends `caughtUp` (unless scripted as a server before 23.10) and
 *   delivers live appends;
 * - `dispose()` ends every read and subscription quietly, as the client's cancellation does:
 *   a read in flight just ends early.
 * The standard projections run synchronously here; a real server writes their links a moment later.
 */
export class ScriptedEventStoreDB implements EsdbClient {
  /** Events handed out by stream reads (not `$all`), to measure what a code path reads. */
  streamEventsRead = 0;
  readonly lostAppendFailures: unknown[] = [];
  private readonly log: StoredEvent[] = [];
  private readonly streams = new Map<string, StoredEvent[]>();
  private readonly maxCounts = new Map<string, number>();
  private readonly reads = new Set<OpenStream>();
  private readonly subscriptions = new Set<OpenStream>();
  private readonly held = { reads: false, subscriptions: false };
  private readonly sendsCaughtUp: boolean;
  private nextOffset = 0n;

  constructor(options: ScriptedEventStoreDBOptions = {}) {
    this.sendsCaughtUp = options.sendsCaughtUp ?? true;
    this.write('$settings', [proposedJson('$settings', {}, undefined)]);
  }

  /** Stops reads (or subscriptions) from handing over more events until the returned function is called. */
  hold(kind: 'reads' | 'subscriptions'): () => void {
    this.held[kind] = true;
    return () => {
      this.held[kind] = false;
      for (const reader of kind === 'reads' ? this.reads : this.subscriptions) reader.wake();
    };
  }

  /** Reads and subscriptions the client still has open. */
  get openStreams(): number {
    return this.reads.size + this.subscriptions.size;
  }

  appendToStream<KnownEventType extends EventType = EventType>(
    streamName: string,
    events: EventData<KnownEventType> | EventData<KnownEventType>[],
    { expectedRevision = ANY }: AppendToStreamOptions = {},
  ): Promise<AppendResult> {
    const list: EventData[] = Array.isArray(events) ? events : [events];
    return new Promise<AppendResult>((resolve, reject) => {
      // The client serialises inside `new Promise(async (resolve, reject) => ...)`: what throws
      // there rejects the executor's own promise, which nothing awaits, and this one never settles.
      const executor = async (): Promise<void> => {
        const proposed = list.map(serialise);
        await nextTurn();
        try {
          resolve(this.append(streamName, proposed, expectedRevision));
        } catch (error) {
          reject(error);
        }
      };
      executor().catch((error: unknown) => this.lostAppendFailures.push(error));
    });
  }

  readStream<KnownEventType extends EventType = EventType>(
    streamName: string,
    { maxCount = Number.MAX_SAFE_INTEGER, fromRevision = START, direction }: ReadStreamOptions = {}
  ): StreamingRead<ResolvedEvent<KnownEventType>> {
    const backwards = direction === BACKWARDS;
    const read = new ScriptedRead<ResolvedEvent<KnownEventType>>(
      () => {
        const stream = this.streams.get(streamName);
        if (!stream) throw new StreamNotFoundError(undefined, streamName);
        const visible = stream.slice(Math.max(0, stream.length - (this.maxCounts.get(streamName) ?? stream.length)));
        const inRange = (revision: bigint): boolean =>
          fromRevision === START ? true : fromRevision === END ? backwards : backwards ? revision <= fromRevision : revision >= fromRevision;
        const chosen = visible.filter((event) => inRange(event.revision));
        // Backwards from the start is the first event alone.
        const ordered = backwards ? (fromRevision === START ? chosen.slice(0, 1) : chosen.reverse()) : chosen;
        return ordered.slice(0, Number(maxCount)).map((event) => this.resolve(event) as ResolvedEvent<KnownEventType>);
      },
      () => this.held.reads,
      () => (this.streamEventsRead += 1),
      () => this.reads.delete(read),
    );
    this.reads.add(read);
    return read;
  }

  readAll(
    { maxCount = Number.MAX_SAFE_INTEGER, fromPosition = START, direction }: ReadAllOptions = {}
  ): StreamingRead<AllStreamResolvedEvent> {
    const backwards = direction === BACKWARDS;
    const read = new ScriptedRead<AllStreamResolvedEvent>(
      () => {
        const chosen = backwards
          ? this.log.filter((event) => fromPosition === END || (fromPosition !== START && comparePosition(event.position, fromPosition) < 0)).reverse()
          : this.log.filter((event) => fromPosition === START || (fromPosition !== END && comparePosition(event.position, fromPosition) >= 0));
        return chosen.slice(0, Number(maxCount)).map((event) => ({ event: recorded(event) }));
      },
      () => this.held.reads,
      () => undefined,
      () => this.reads.delete(read),
    );
    this.reads.add(read);
    return read;
  }

  subscribeToAll(
    { fromPosition = START, filter }: SubscribeToAllOptions = {}
  ): AllStreamSubscription {
    const startAfter = fromPosition === START ? -1 : fromPosition === END ? this.log.length - 1 : this.log.findLastIndex((event) => comparePosition(event.position, fromPosition) <= 0);
    const subscription = new ScriptedSubscription(
      this.log,
      startAfter + 1,
      filter ? matcher(filter) : () => true,
      this.sendsCaughtUp,
      () => this.held.subscriptions,
      () => this.subscriptions.delete(subscription),
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  setStreamMetadata(streamName: string, metadata: StreamMetadata): Promise<AppendResult> {
    const data = metadata.maxCount === undefined ? {} : { $maxCount: metadata.maxCount };
    return this.appendToStream(`$$${streamName}`, { id: randomUUID(), contentType: 'application/json', type: '$metadata', data, metadata: undefined });
  }

  async dispose(): Promise<void> {
    for (const reader of [...this.reads, ...this.subscriptions]) reader.endQuietly();
    await nextTurn();
  }

  /** The server's side of an append: the expected-revision check, then the write. */
  private append(streamName: string, proposed: readonly ProposedEvent[], expected: AppendToStreamOptions['expectedRevision']): AppendResult {
    const stream = this.streams.get(streamName) ?? [];
    const current = stream.length - 1;
    const refuse = (): never => {
      throw new WrongExpectedVersionError(undefined, { streamName, current: current < 0 ? NO_STREAM : BigInt(current), expected: expected ?? ANY });
    };
    if (expected === STREAM_EXISTS) {
      if (current < 0) refuse();
    } else if (expected !== ANY && expected !== undefined) {
      const revision = expected === NO_STREAM ? -1 : Number(expected);
      if (revision !== current) {
        const following = stream.slice(revision + 1, revision + 1 + proposed.length);
        const replayed = following.length === proposed.length && following.every((event, index) => event.id === proposed[index].id);
        if (!replayed) refuse();
        return { success: true, nextExpectedRevision: BigInt(revision + proposed.length), position: undefined };
      }
    }
    const written = this.write(streamName, proposed);
    return { success: true, nextExpectedRevision: written.revision, position: written.position };
  }

  private write(streamName: string, proposed: readonly ProposedEvent[]): StoredEvent {
    const stream = this.streams.get(streamName) ?? [];
    this.streams.set(streamName, stream);
    let last: StoredEvent | undefined;
    for (const event of proposed) {
      this.nextOffset += BigInt(64 + event.data.length + event.metadata.length);
      last = { ...event, streamId: streamName, revision: BigInt(stream.length), created: new Date(), position: { commit: this.nextOffset, prepare: this.nextOffset } };
      stream.push(last);
      this.log.push(last);
      if (streamName.startsWith('$$') && event.type === '$metadata') this.applyMetadata(streamName.slice(2), event.data);
      if (!streamName.startsWith('$')) this.project(last);
    }
    for (const subscription of this.subscriptions) subscription.wake();
    return last!;
  }

  private applyMetadata(streamName: string, data: Uint8Array): void {
    const metadata = JSON.parse(Buffer.from(data).toString('utf8')) as { $maxCount?: number };
    if (metadata.$maxCount === undefined) this.maxCounts.delete(streamName);
    else this.maxCounts.set(streamName, metadata.$maxCount);
  }

  /**
   * The standard projections `$by_category` (up to the first `-`), `$by_event_type` and
   * `$by_correlation_id` (the metadata's `$correlationId`, its default property): a link per event.
   */
  private project(event: StoredEvent): void {
    const dash = event.streamId.indexOf('-');
    const link = (): ProposedEvent => ({ id: randomUUID(), type: LINK_TYPE, isJson: false, data: Buffer.from(`${event.revision}@${event.streamId}`), metadata: new Uint8Array() });
    if (dash > 0) this.write(`$ce-${event.streamId.slice(0, dash)}`, [link()]);
    this.write(`$et-${event.type}`, [link()]);
    const correlationId = correlationIdOf(event.metadata);
    if (correlationId !== undefined) this.write(`$bc-${correlationId}`, [link()]);
  }

  /** A stream read's event: a link resolved to the event it points to, as `resolveLinkTos` asks. */
  private resolve(event: StoredEvent): ResolvedEvent {
    if (event.type !== LINK_TYPE) return { event: recorded(event) } as ResolvedEvent;
    const [revision, streamName] = splitLink(Buffer.from(event.data).toString('utf8'));
    const target = this.streams.get(streamName)?.[revision];
    return { ...(target ? { event: recorded(target) } : {}), link: recorded(event) } as ResolvedEvent;
  }
}

/**
 * What the client's reads and subscriptions share: an object stream that hands events over a
 * chunk per turn while the consumer pulls, and ends quietly, as the client's cancellation does.
 */
abstract class ScriptedStream extends Readable {
  protected ended = false;
  private scheduled = false;

  constructor(
    protected readonly held: () => boolean,
    protected readonly onDone: () => void,
  ) {
    super({ objectMode: true });
  }

  override _read(): void {
    this.schedule();
  }

  wake(): void {
    this.schedule();
  }

  /** What the client's cancellation does: the stream just ends, without an error. */
  endQuietly(): void {
    if (this.ended) return;
    this.ended = true;
    this.onDone();
    this.push(null);
  }

  protected schedule(): void {
    if (this.scheduled || this.ended) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.pump();
    });
  }

  protected abstract pump(): void;
}

/** A read: the events chosen when it is first pulled, handed over a chunk per turn. */
class ScriptedRead<E> extends ScriptedStream {
  private pending: E[] | null = null;

  constructor(
    private readonly choose: () => E[],
    held: () => boolean,
    private readonly onHandedOver: () => void,
    onDone: () => void,
  ) {
    super(held, onDone);
  }

  async cancel(): Promise<void> {
    this.endQuietly();
  }

  protected pump(): void {
    if (this.ended || this.held()) return;
    try {
      this.pending ??= this.choose();
    } catch (error) {
      this.ended = true;
      this.onDone();
      this.destroy(error as Error);
      return;
    }
    for (let handed = 0; handed < CHUNK; handed += 1) {
      const next = this.pending.shift();
      if (next === undefined) return this.endQuietly();
      this.onHandedOver();
      if (!this.push(next)) return;
    }
    this.schedule();
  }
}

/** A catch-up subscription: a cursor over the log that follows it live once caught up. */
class ScriptedSubscription extends ScriptedStream {
  private caughtUp = false;

  constructor(
    private readonly log: readonly StoredEvent[],
    private cursor: number,
    private readonly matches: (event: StoredEvent) => boolean,
    private readonly sendsCaughtUp: boolean,
    held: () => boolean,
    onDone: () => void,
  ) {
    super(held, onDone);
  }

  async unsubscribe(): Promise<void> {
    await nextTurn();
    this.endQuietly();
  }

  protected pump(): void {
    if (this.ended || this.held()) return;
    for (let handed = 0; handed < CHUNK && this.cursor < this.log.length; ) {
      const event = this.log[this.cursor];
      this.cursor += 1;
      if (!this.matches(event)) continue;
      handed += 1;
      if (!this.push({ event: recorded(event) } satisfies AllStreamResolvedEvent)) return;
    }
    if (this.cursor < this.log.length) return this.schedule();
    if (!this.caughtUp) {
      this.caughtUp = true;
      // Sent right after the last catch-up event: the consumer may not have taken that one yet.
      if (this.sendsCaughtUp) this.emit('caughtUp');
    }
  }
}

/** What the client does to an event before it goes on the wire (streams/appendToStream). */
const serialise = (event: EventData): ProposedEvent => {
  const json = event.contentType === 'application/json';
  const data = json ? Buffer.from(JSON.stringify(event.data), 'utf8') : (event.data as Uint8Array);
  const metadata =
    event.metadata === undefined ? new Uint8Array() : event.metadata instanceof Uint8Array ? event.metadata : Buffer.from(JSON.stringify(event.metadata), 'utf8');
  return { id: event.id, type: event.type, isJson: json, data, metadata };
};

const proposedJson = (type: string, data: unknown, metadata: unknown): ProposedEvent =>
  serialise({ id: randomUUID(), contentType: 'application/json', type, data, metadata } as EventData);

/** What the client makes of an event it receives (utils/convertGrpcEvent). */
const recorded = (event: StoredEvent) => {
  const text = (bytes: Uint8Array) => Buffer.from(bytes).toString('utf8');
  const parse = (bytes: Uint8Array): unknown => {
    try {
      return JSON.parse(text(bytes)) as unknown;
    } catch {
      return text(bytes);
    }
  };
  const metadata = event.metadata.length === 0 ? undefined : (() => {
    try {
      return JSON.parse(text(event.metadata)) as unknown;
    } catch {
      return event.metadata;
    }
  })();
  return {
    streamId: event.streamId,
    id: event.id,
    revision: event.revision,
    type: event.type,
    data: event.isJson ? parse(event.data) : event.data,
    metadata,
    isJson: event.isJson,
    created: event.created,
    position: event.position,
  } as AllStreamResolvedEvent['event'] & {};
};

const matcher = (filter: Filter): ((event: StoredEvent) => boolean) => {
  const field = (event: StoredEvent): string => (filter.filterOn === EVENT_TYPE ? event.type : event.streamId);
  if ('prefixes' in filter) return (event) => filter.prefixes.some((prefix) => field(event).startsWith(prefix));
  const regex = new RegExp(filter.regex);
  return (event) => regex.test(field(event));
};

const comparePosition = (a: Position, b: Position): number =>
  a.commit !== b.commit ? (a.commit < b.commit ? -1 : 1) : a.prepare === b.prepare ? 0 : a.prepare < b.prepare ? -1 : 1;

const splitLink = (text: string): [number, string] => {
  const at = text.indexOf('@');
  return [Number(text.slice(0, at)), text.slice(at + 1)];
};

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** The `$correlationId` of an event's JSON metadata, which the server's `$by_correlation_id` projection links on. */
function correlationIdOf(metadata: Uint8Array): string | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(metadata).toString('utf8')) as unknown;
    const value = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>).$correlationId : undefined;
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}
