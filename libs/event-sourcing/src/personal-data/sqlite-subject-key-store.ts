import { randomBytes, randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { openSqliteDatabase } from '../sqlite-database';
import { SubjectErasedError, type SubjectKey, SubjectKeyStore, type SubjectKeyRecord } from './subject-key-store.port';

type Row = { subject: string; key_id: string | null; key: Buffer | null; created_at: string; destroyed_at: string | null };

type KeyRequest = {
  subjects: readonly string[];
  at: string;
  resolve: (keys: ReadonlyMap<string, SubjectKey>) => void;
  reject: (error: unknown) => void;
};

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS subject_keys (
    subject      TEXT PRIMARY KEY,
    key_id       TEXT,
    key          BLOB,
    created_at   TEXT NOT NULL,
    destroyed_at TEXT
  );
`;

/**
 * The embedded key store: its own SQLite file (keys.db), apart from the log, fsynced on every
 * write (a key lost before its events is data lost). `secure_delete` zeroes a destroyed key's bytes
 * in the file, and the WAL is truncated after each destruction, so no copy of the key stays in
 * either file. Backups of this file must be pruned of destroyed keys like the file itself.
 */
export class SqliteSubjectKeyStore extends SubjectKeyStore {
  private readonly db: Database.Database;
  private readonly statements;
  private pending: KeyRequest[] = [];

  constructor(file: string) {
    super();
    this.db = openSqliteDatabase(file);
    this.db.pragma('secure_delete = ON');
    this.db.exec(SCHEMA);
    this.statements = {
      get: this.db.prepare<[string], Row>('SELECT * FROM subject_keys WHERE subject = ?'),
      insert: this.db.prepare<[string, string, Buffer, string]>(
        'INSERT INTO subject_keys (subject, key_id, key, created_at) VALUES (?, ?, ?, ?)',
      ),
      destroy: this.db.prepare<[string, string]>(
        'UPDATE subject_keys SET key = NULL, destroyed_at = ? WHERE subject = ? AND destroyed_at IS NULL',
      ),
      tombstone: this.db.prepare<[string, string, string]>(
        'INSERT INTO subject_keys (subject, key_id, key, created_at, destroyed_at) VALUES (?, NULL, NULL, ?, ?) ON CONFLICT (subject) DO NOTHING',
      ),
    };
  }

  /**
   * Key requests that arrive in the same turn of the event loop share one transaction and one
   * fsync, as appends do in the log (a new contact's key is made right before its event is
   * appended; one fsync per key would undo the log's group commit).
   */
  keysToWrite(subjects: readonly string[], at: string): Promise<ReadonlyMap<string, SubjectKey>> {
    // Subjects that all have their key already (a contact's update) need no write, nor a wait.
    const existing = new Map<string, SubjectKey>();
    for (const subject of subjects) {
      const row = this.statements.get.get(subject);
      if (row === undefined) break;
      if (row.key === null || row.key_id === null) return Promise.reject(new SubjectErasedError(subject));
      existing.set(subject, { keyId: row.key_id, key: row.key });
    }
    if (existing.size === new Set(subjects).size) return Promise.resolve(existing);
    return new Promise((resolve, reject) => {
      this.pending.push({ subjects, at, resolve, reject });
      if (this.pending.length === 1) setImmediate(() => this.flushKeyRequests());
    });
  }

  private flushKeyRequests(): void {
    const batch = this.pending;
    this.pending = [];
    const outcomes: Array<{ keys: Map<string, SubjectKey> } | { error: unknown }> = [];
    try {
      this.db.transaction(() => {
        for (const request of batch) {
          try {
            outcomes.push({ keys: this.keysOf(request.subjects, request.at) });
          } catch (error) {
            outcomes.push({ error });
          }
        }
      })();
    } catch (error) {
      for (const request of batch) request.reject(error);
      return;
    }
    batch.forEach((request, index) => {
      const outcome = outcomes[index];
      if ('keys' in outcome) request.resolve(outcome.keys);
      else request.reject(outcome.error);
    });
  }

  /** Inside the group transaction: checks come before the writes, so a refused request writes nothing. */
  private keysOf(subjects: readonly string[], at: string): Map<string, SubjectKey> {
    const keys = new Map<string, SubjectKey>();
    const missing: string[] = [];
    for (const subject of new Set(subjects)) {
      const row = this.statements.get.get(subject);
      if (row === undefined) missing.push(subject);
      else if (row.key === null || row.key_id === null) throw new SubjectErasedError(subject);
      else keys.set(subject, { keyId: row.key_id, key: row.key });
    }
    for (const subject of missing) {
      const key: SubjectKey = { keyId: randomUUID(), key: randomBytes(32) };
      this.statements.insert.run(subject, key.keyId, key.key, at);
      keys.set(subject, key);
    }
    return keys;
  }

  async keyFor(subject: string): Promise<SubjectKey | 'destroyed' | null> {
    const row = this.statements.get.get(subject);
    if (row === undefined) return null;
    if (row.destroyed_at !== null || row.key === null || row.key_id === null) return 'destroyed';
    return { keyId: row.key_id, key: row.key };
  }

  async destroy(subject: string, at: string): Promise<boolean> {
    const destroyed = this.db.transaction(() => {
      if (this.statements.destroy.run(at, subject).changes > 0) return true;
      return this.statements.tombstone.run(subject, at, at).changes > 0;
    })();
    // The key's old page images sit in the WAL until a checkpoint: copy them back and empty it now.
    if (destroyed) this.db.pragma('wal_checkpoint(TRUNCATE)');
    return destroyed;
  }

  async describe(subject: string): Promise<SubjectKeyRecord | null> {
    const row = this.statements.get.get(subject);
    return row === undefined ? null : { subject: row.subject, keyId: row.key_id, createdAt: row.created_at, destroyedAt: row.destroyed_at };
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
