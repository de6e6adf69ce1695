import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import {
  type AllEvent,
  type AppendResult,
  EventStore,
  type EventCount,
  type EventStoreDescription,
  type EventSubscription,
  type EventToAppend,
  type ExpectedRevision,
  type ChainScope,
  type HistoryQuery,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type SnapshotStore,
  WrongExpectedRevisionError,
} from '../event-store.port';
import { ERASED_FIELD } from '../kernel';
import type { ChainVerification } from '../hash-chain';
import type { Position } from '../position';
import { SubjectErasedError, type SubjectKey, SubjectKeyMissingError, type SubjectKeyStore } from './subject-key-store.port';

/** Where an event type carries personal data: one field of its data (an object of personal fields), about one subject. */
export type PersonalDataCarrier = {
  readonly field: string;
  /** The person the data is about, e.g. `contact-<id>`: the unit of encryption and of erasure. */
  readonly subject: (data: Readonly<Record<string, unknown>>) => string;
};

/** By event type, the event types that carry personal data. */
export type PersonalDataCarriers = Readonly<Record<string, PersonalDataCarrier>>;

export const PERSONAL_DATA_CIPHER = 'aes-256-gcm';

/**
 * The stored form of a personal-data object: AES-256-GCM under the subject's key, the subject as
 * additional data (a ciphertext moved to another subject's event fails to decrypt). `fields` are
 * the names of the encrypted fields (names are not personal), so an erased event still says which
 * fields it held. Binary parts are base64.
 */
export type EncryptedPersonalData = {
  readonly enc: typeof PERSONAL_DATA_CIPHER;
  readonly subject: string;
  readonly keyId: string;
  readonly fields: readonly string[];
  readonly iv: string;
  readonly data: string;
  readonly tag: string;
};

export const isEncryptedPersonalData = (value: unknown): value is EncryptedPersonalData =>
  typeof value === 'object' && value !== null && (value as { enc?: unknown }).enc === PERSONAL_DATA_CIPHER;

const plainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

export function encryptPersonalData(personal: Readonly<Record<string, unknown>>, subject: string, key: SubjectKey): EncryptedPersonalData {
  const iv = randomBytes(12);
  const cipher = createCipheriv(PERSONAL_DATA_CIPHER, key.key, iv);
  cipher.setAAD(Buffer.from(subject));
  const data = Buffer.concat([cipher.update(JSON.stringify(personal), 'utf8'), cipher.final()]);
  return {
    enc: PERSONAL_DATA_CIPHER,
    subject,
    keyId: key.keyId,
    fields: Object.keys(personal),
    iv: iv.toString('base64'),
    data: data.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
  };
}

export function decryptPersonalData(stored: EncryptedPersonalData, key: SubjectKey): Record<string, unknown> {
  const decipher = createDecipheriv(PERSONAL_DATA_CIPHER, key.key, Buffer.from(stored.iv, 'base64'));
  decipher.setAAD(Buffer.from(stored.subject));
  decipher.setAuthTag(Buffer.from(stored.tag, 'base64'));
  const plain = Buffer.concat([decipher.update(Buffer.from(stored.data, 'base64')), decipher.final()]).toString('utf8');
  return JSON.parse(plain) as Record<string, unknown>;
}

/** Every field the object held reads as erased, and it says so. */
export const erasedPersonalData = (fields: readonly string[]): Record<string, unknown> => ({
  ...Object.fromEntries(fields.map((field) => [field, ERASED_FIELD])),
  erased: true,
});

type KeyLookup = (subject: string) => Promise<SubjectKey | 'destroyed' | null>;

/**
 * The log as the application sees it, with personal data encrypted per subject where it is
 * serialised for the store and decrypted where it is read, so that domain and read models keep
 * plain types. Events of the carrier types are written with their personal object encrypted
 * (EncryptedPersonalData) BEFORE the store sees them: whatever the store computes over what it holds
 * (a hash chain) covers the ciphertext, and an erasure, which destroys only a key, changes no
 * stored byte. On read, a subject whose key is destroyed reads as erased (`erased: true`, every
 * field "[erased]"); so does a plaintext personal object written before encryption existed (it
 * has no envelope) once its subject is erased, though its bytes stay in the log.
 * `stored` is the log underneath, for readers of the stored form (hash-chain verification).
 */
export class PersonalDataEventStore extends EventStore {
  constructor(
    readonly stored: EventStore,
    readonly keys: SubjectKeyStore,
    private readonly carriers: PersonalDataCarriers,
  ) {
    super();
  }

  async append(streamName: string, events: readonly EventToAppend[], expectedRevision: ExpectedRevision): Promise<AppendResult> {
    const subjects = events.flatMap((event) => {
      const carrier = this.carrierOf(event.type);
      return carrier && plainObject(event.data) && plainObject(event.data[carrier.field]) && !isEncryptedPersonalData(event.data[carrier.field])
        ? [carrier.subject(event.data)]
        : [];
    });
    if (subjects.length === 0) return this.stored.append(streamName, events, expectedRevision);
    const keys = await this.keysFor(streamName, subjects, expectedRevision);
    const encrypted = events.map((event): EventToAppend => {
      const carrier = this.carrierOf(event.type);
      if (!carrier || !plainObject(event.data)) return event;
      const personal = event.data[carrier.field];
      if (!plainObject(personal) || isEncryptedPersonalData(personal)) return event;
      const subject = carrier.subject(event.data);
      return { ...event, data: { ...event.data, [carrier.field]: encryptPersonalData(personal, subject, keys.get(subject)!) } };
    });
    return this.stored.append(streamName, encrypted, expectedRevision);
  }

  /**
   * An erasure is recorded in the stream before its key goes, so an append for an erased subject was
   * decided on a state from before the erasure: it is answered as the stale revision it is, and the
   * command path re-reads, re-decides and refuses (contact-erased) or answers 412 to an If-Match.
   */
  private async keysFor(streamName: string, subjects: readonly string[], expectedRevision: ExpectedRevision): Promise<ReadonlyMap<string, SubjectKey>> {
    try {
      return await this.keys.keysToWrite(subjects, new Date().toISOString());
    } catch (error) {
      if (!(error instanceof SubjectErasedError)) throw error;
      const [last] = await this.stored.readStream(streamName, { direction: 'backwards', maxCount: 1 });
      const actual = last?.revision ?? -1;
      if (expectedRevision === 'any' || expectedRevision === actual) throw error;
      throw new WrongExpectedRevisionError(streamName, expectedRevision, actual);
    }
  }

  async readStream(streamName: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    return this.readable(await this.stored.readStream(streamName, options));
  }

  async readAll(options?: ReadAllOptions): Promise<AllEvent[]> {
    return this.readable(await this.stored.readAll(options));
  }

  async readCategory(category: string, options?: ReadAllOptions): Promise<AllEvent[]> {
    return this.readable(await this.stored.readCategory(category, options));
  }

  async readHistory(query: HistoryQuery): Promise<AllEvent[]> {
    return this.readable(await this.stored.readHistory(query));
  }

  /** The chain covers what is stored, the ciphertext: verified on the store underneath. */
  verifyChain(scope?: ChainScope): Promise<ChainVerification> {
    return this.stored.verifyChain(scope);
  }

  logHashBefore(position: Position): Promise<string> {
    return this.stored.logHashBefore(position);
  }

  /**
   * None for an aggregate with events that carry personal data: its folded state holds the
   * plaintext, which a snapshot would keep where destroying the subject's key cannot reach it.
   * Its streams are folded from the log, where an erasure takes effect at once.
   */
  snapshotsFor(eventTypes: readonly string[]): SnapshotStore | null {
    return eventTypes.some((type) => this.carrierOf(type) !== undefined) ? null : this.stored.snapshotsFor(eventTypes);
  }

  lastPosition(): Promise<Position | null> {
    return this.stored.lastPosition();
  }

  override writeFailure(): Error | null {
    return this.stored.writeFailure();
  }

  override describeServer(): Promise<EventStoreDescription> {
    return this.stored.describeServer();
  }

  override countEventsAfter(after: Position | null, limit: number): Promise<EventCount> {
    return this.stored.countEventsAfter(after, limit);
  }

  subscribeToAll(options?: { readonly after?: Position }): EventSubscription {
    const subscription = this.stored.subscribeToAll(options);
    // No cache across events: a subscription lives long, and a key destroyed meanwhile must count.
    const lookup: KeyLookup = (subject) => this.keys.keyFor(subject);
    const carries = (type: string): boolean => this.carrierOf(type) !== undefined;
    const readable = (event: AllEvent): Promise<AllEvent> => this.readableEvent(event, lookup);
    return {
      close: () => subscription.close(),
      async *[Symbol.asyncIterator]() {
        for await (const event of subscription) yield carries(event.type) ? await readable(event) : event;
      },
    };
  }

  async close(): Promise<void> {
    await this.stored.close();
    await this.keys.close();
  }

  private carrierOf(type: string): PersonalDataCarrier | undefined {
    return Object.hasOwn(this.carriers, type) ? this.carriers[type] : undefined;
  }

  /** Keys looked up once per read (a stream or a page holds a subject's events together). */
  private keyLookup(): KeyLookup {
    const seen = new Map<string, Promise<SubjectKey | 'destroyed' | null>>();
    return (subject) => {
      let key = seen.get(subject);
      if (key === undefined) {
        key = this.keys.keyFor(subject);
        seen.set(subject, key);
      }
      return key;
    };
  }

  private async readable<E extends RecordedEvent>(events: E[]): Promise<E[]> {
    if (!events.some((event) => this.carrierOf(event.type))) return events;
    const lookup = this.keyLookup();
    return Promise.all(events.map((event) => this.readableEvent(event, lookup)));
  }

  private async readableEvent<E extends RecordedEvent>(event: E, lookup: KeyLookup): Promise<E> {
    const carrier = this.carrierOf(event.type);
    if (!carrier || !plainObject(event.data)) return event;
    const personal = event.data[carrier.field];
    if (isEncryptedPersonalData(personal)) {
      const key = await lookup(personal.subject);
      if (key === null) throw new SubjectKeyMissingError(personal.subject);
      const readable = key === 'destroyed' ? erasedPersonalData(personal.fields) : decryptPersonalData(personal, key);
      return { ...event, data: { ...event.data, [carrier.field]: readable } };
    }
    if (!plainObject(personal)) return event;
    // Written before encryption: readable until its subject is erased.
    const key = await lookup(carrier.subject(event.data));
    if (key !== 'destroyed') return event;
    return { ...event, data: { ...event.data, [carrier.field]: erasedPersonalData(Object.keys(personal)) } };
  }
}
