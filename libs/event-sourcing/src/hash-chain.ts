import canonicalize from 'canonicalize';
import { hash } from 'node:crypto';
import type { Position } from './position';

/**
 * Tamper evidence. Every event has a canonical form, RFC 8785 (JCS) of
 * `{ type, data, metadata, stream, revision }` (metadata without the hash fields themselves), and
 * two hashes, lowercase hex SHA-256 over the previous hash (64 hex characters) followed by that
 * canonical form (UTF-8):
 * - `streamHash` chains the events of one stream in revision order;
 * - `logHash` chains every event of the log in `$all` order.
 * The first event of a stream, and of the log, follows GENESIS_HASH.
 */
export const GENESIS_HASH = '0'.repeat(64);

/** The fields a store may add to an event's metadata to carry its chain (EventStoreDB keeps `streamHash` there). */
export const CHAIN_METADATA_FIELDS = ['streamHash', 'logHash'] as const;

export const chainHash = (previous: string, canonicalEvent: string): string => hash('sha256', previous + canonicalEvent, 'hex');

/** RFC 8785 text of a JSON value; throws on what JSON cannot hold exactly (NaN, lone surrogates). */
export const canonicalJson = (value: unknown): string => {
  const text = canonicalize(value);
  if (text === undefined) throw new Error('A value without a JSON form cannot be hashed');
  return text;
};

/**
 * The canonical form of an event from the canonical text of its data and metadata: the same
 * characters as `canonicalJson({ data, metadata, revision, stream, type })` (JCS orders the keys),
 * built without parsing, so a store that keeps canonical text hashes what it stored.
 */
export const canonicalEvent = (stream: string, revision: number, type: string, canonicalData: string, canonicalMetadata: string): string =>
  // JCS writes a string as JSON.stringify does; it only refuses lone surrogates, which the append refuses first (canonicalJson).
  `{"data":${canonicalData},"metadata":${canonicalMetadata},"revision":${revision},"stream":${JSON.stringify(stream)},"type":${JSON.stringify(type)}}`;

/** Metadata as hashed: without the chain's own fields. */
export const metadataWithoutChain = (metadata: object): Record<string, unknown> => {
  const rest: Record<string, unknown> = { ...metadata };
  for (const field of CHAIN_METADATA_FIELDS) delete rest[field];
  return rest;
};

/** An event as verification reads it: data and metadata as JSON text, canonical or not. `P` is how the store names a position. */
export type ChainedEventText<P = Position | null> = {
  readonly position: P;
  readonly stream: string;
  readonly revision: number;
  readonly type: string;
  readonly data: string;
  readonly metadata: string;
  /** Null where the store holds none for this event (EventStoreDB events written before the chain): the computed one is taken. */
  readonly streamHash: string | null;
  /** Null where the store keeps no `$all` chain (EventStoreDB): the chain is computed in the order verified. */
  readonly logHash: string | null;
};

export type ChainMismatch<P = Position | null> = {
  readonly position: P;
  readonly stream: string;
  readonly revision: number;
  /** Which chain broke at this event: its stream's or the log's. */
  readonly chain: 'stream' | 'log';
  /** The hash the event's content and its predecessor's hash give. */
  readonly expected: string;
  /** The hash stored with the event. */
  readonly found: string;
};

export type ChainVerification<P = Position | null> = {
  readonly ok: boolean;
  readonly checked: number;
  readonly firstMismatch: ChainMismatch<P> | null;
  /** The last hash checked: the log's (`logHash`) for the log or a range, the stream's for a stream; null when nothing was checked. */
  readonly headHash: string | null;
};

/**
 * Walks events in order and checks both chains. Each event is checked against its predecessor's
 * stored hash, so one altered event is reported at its own position and not at every later one;
 * the first mismatch is kept. Stored text that is already canonical (what the stores write) is
 * hashed as it is; other text (events written before the chain, or by another writer) is parsed
 * and canonicalised first, so only a change of content fails, not a change of formatting.
 */
export class ChainVerifier<P = Position | null> {
  /** The stored streamHash of the last event seen in each stream. */
  private readonly streamTips = new Map<string, string>();
  private checkedCount = 0;
  private mismatch: ChainMismatch<P> | null = null;
  private head: string | null = null;

  /**
   * @param logHash the log's hash before the first event to check, or null to check stream chains only
   * @param predecessor the stored streamHash of a stream's event that precedes the checked events (a range that starts mid-stream)
   */
  constructor(
    private logHash: string | null,
    private readonly predecessor: (stream: string, revision: number) => string | undefined = () => undefined,
  ) {}

  check(event: ChainedEventText<P>): void {
    this.checkedCount += 1;
    // Events of a stream arrive in revision order; a missing one breaks the hash of the next.
    const previousInStream =
      event.revision === 0
        ? GENESIS_HASH
        : (this.streamTips.get(event.stream) ?? this.predecessor(event.stream, event.revision - 1) ?? GENESIS_HASH);
    let canonical = canonicalEvent(event.stream, event.revision, event.type, event.data, event.metadata);
    let streamHash = chainHash(previousInStream, canonical);
    const storedStreamHash = event.streamHash ?? streamHash;
    if (streamHash !== storedStreamHash) {
      const recanonicalised = reCanonical(event);
      if (recanonicalised !== null && recanonicalised !== canonical) {
        canonical = recanonicalised;
        streamHash = chainHash(previousInStream, canonical);
      }
    }
    if (streamHash !== storedStreamHash) this.report(event, 'stream', streamHash, storedStreamHash);
    this.streamTips.set(event.stream, storedStreamHash);
    if (this.logHash === null) {
      this.head = storedStreamHash;
      return;
    }
    const logHash = chainHash(this.logHash, canonical);
    const found = event.logHash ?? logHash;
    if (logHash !== found) this.report(event, 'log', logHash, found);
    this.logHash = found;
    this.head = found;
  }

  result(): ChainVerification<P> {
    return { ok: this.mismatch === null, checked: this.checkedCount, firstMismatch: this.mismatch, headHash: this.head };
  }

  private report(event: ChainedEventText<P>, chain: 'stream' | 'log', expected: string, found: string): void {
    this.mismatch ??= { position: event.position, stream: event.stream, revision: event.revision, chain, expected, found };
  }
}

/** The canonical form of an event as read (data and metadata parsed). */
export const canonicalOf = (event: { streamName: string; revision: number; type: string; data: unknown; metadata: object }): string =>
  canonicalEvent(event.streamName, event.revision, event.type, canonicalJson(event.data), canonicalJson(metadataWithoutChain(event.metadata)));

const reCanonical = (event: ChainedEventText<unknown>): string | null => {
  try {
    const data = canonicalJson(JSON.parse(event.data));
    const metadata = canonicalJson(metadataWithoutChain(JSON.parse(event.metadata) as object));
    return canonicalEvent(event.stream, event.revision, event.type, data, metadata);
  } catch {
    return null;
  }
};
