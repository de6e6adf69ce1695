import { randomBytes, randomUUID } from 'node:crypto';
import { Binary, type Collection, MongoClient, MongoServerError } from 'mongodb';
import { SubjectErasedError, type SubjectKey, SubjectKeyStore, type SubjectKeyRecord } from './subject-key-store.port';

type KeyDocument = { _id: string; keyId: string | null; key: Binary | null; createdAt: string; destroyedAt: string | null };

const DUPLICATE_KEY = 11000;
/** Acknowledged by a majority and journaled: a key must outlive any failover before its events are written. */
const DURABLE = { writeConcern: { w: 'majority' as const, j: true } };

/**
 * The key store on MongoDB (production): a database of its own (`<database>-keys` on the server of
 * MONGODB_URL unless another URL is given), so that it is backed up, restored and access-controlled
 * apart from the read models. A destroyed key is overwritten in its document; MongoDB's journal and
 * oplog keep old versions for a while, and backups keep them until they expire: see the README.
 */
export class MongoSubjectKeyStore extends SubjectKeyStore {
  private constructor(
    private readonly client: MongoClient,
    private readonly keys: Collection<KeyDocument>,
  ) {
    super();
  }

  static connect(url: string): MongoSubjectKeyStore {
    const client = new MongoClient(url);
    return new MongoSubjectKeyStore(client, client.db(`${databaseOf(url)}-keys`).collection<KeyDocument>('subject_keys'));
  }

  async keysToWrite(subjects: readonly string[], at: string): Promise<ReadonlyMap<string, SubjectKey>> {
    const keys = new Map<string, SubjectKey>();
    for (const subject of new Set(subjects)) keys.set(subject, await this.liveKey(subject, at));
    return keys;
  }

  private async liveKey(subject: string, at: string): Promise<SubjectKey> {
    const found = await this.keys.findOne({ _id: subject });
    if (found) return live(found);
    const key: SubjectKey = { keyId: randomUUID(), key: randomBytes(32) };
    try {
      await this.keys.insertOne({ _id: subject, keyId: key.keyId, key: new Binary(key.key), createdAt: at, destroyedAt: null }, DURABLE);
      return key;
    } catch (error) {
      // Another process made this subject's key first: use that one.
      if (!(error instanceof MongoServerError && error.code === DUPLICATE_KEY)) throw error;
      const made = await this.keys.findOne({ _id: subject });
      if (!made) throw error;
      return live(made);
    }
  }

  async keyFor(subject: string): Promise<SubjectKey | 'destroyed' | null> {
    const found = await this.keys.findOne({ _id: subject });
    if (!found) return null;
    return found.destroyedAt !== null || found.key === null || found.keyId === null ? 'destroyed' : { keyId: found.keyId, key: Buffer.from(found.key.buffer) };
  }

  async destroy(subject: string, at: string): Promise<boolean> {
    const destroyed = await this.keys.updateOne({ _id: subject, destroyedAt: null }, { $set: { key: null, destroyedAt: at } }, DURABLE);
    if (destroyed.modifiedCount > 0) return true;
    const tombstone = await this.keys.updateOne(
      { _id: subject },
      { $setOnInsert: { keyId: null, key: null, createdAt: at, destroyedAt: at } },
      { upsert: true, ...DURABLE },
    );
    return tombstone.upsertedCount > 0;
  }

  async describe(subject: string): Promise<SubjectKeyRecord | null> {
    const found = await this.keys.findOne({ _id: subject });
    return found ? { subject: found._id, keyId: found.keyId, createdAt: found.createdAt, destroyedAt: found.destroyedAt } : null;
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}

const live = (found: KeyDocument): SubjectKey => {
  if (found.destroyedAt !== null || found.key === null || found.keyId === null) throw new SubjectErasedError(found._id);
  return { keyId: found.keyId, key: Buffer.from(found.key.buffer) };
};

/** The database in the URL's path (`mongodb://host/name?…`), `sales` when the path is empty (as the read store names it). */
const databaseOf = (url: string): string => {
  const match = /^mongodb(?:\+srv)?:\/\/[^/?]*\/([^?]*)/.exec(url);
  return match && match[1] ? decodeURIComponent(match[1]) : 'sales';
};
