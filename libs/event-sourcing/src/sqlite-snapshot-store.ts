import type Database from 'better-sqlite3';
import type { SnapshotStore, StreamSnapshot } from './event-store.port';
import { openSqliteDatabase } from './sqlite-database';

type SnapshotRow = { revision: number; version: string; data: string };

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS snapshots (
    stream_name TEXT    PRIMARY KEY,
    revision    INTEGER NOT NULL,
    version     TEXT    NOT NULL,
    data        TEXT    NOT NULL,
    taken_at    TEXT    NOT NULL
  );
`;

/**
 * The embedded log's snapshots, in a file of their own beside it (`events.db` → `events.snapshots.db`):
 * a snapshot write never takes the log's write lock, and the file is `synchronous=NORMAL` (no fsync
 * per write), since a snapshot lost to a power cut is only a longer fold. Copies of the log
 * (backups, `salesctl replay`) leave it behind; a load checks that a snapshot's event is the
 * stream's, so a snapshot of another history is never used.
 */
export class SqliteSnapshotStore implements SnapshotStore {
  private readonly db: Database.Database;
  private readonly statements;
  private closed = false;

  constructor(
    file: string,
    readonly every: number,
  ) {
    this.db = openSqliteDatabase(file, 'normal');
    this.db.exec(SCHEMA);
    this.statements = {
      read: this.db.prepare<[string], SnapshotRow>('SELECT revision, version, data FROM snapshots WHERE stream_name = ?'),
      // A newer revision replaces an older one; another version replaces whatever is there.
      write: this.db.prepare<[string, number, string, string, string]>(
        `INSERT INTO snapshots (stream_name, revision, version, data, taken_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (stream_name) DO UPDATE SET revision = excluded.revision, version = excluded.version, data = excluded.data, taken_at = excluded.taken_at
         WHERE excluded.version <> snapshots.version OR excluded.revision > snapshots.revision`,
      ),
    };
  }

  /** `events.db` → `events.snapshots.db`; in memory for a log in memory. */
  static fileBeside(logFile: string): string {
    return logFile === ':memory:' ? ':memory:' : `${logFile.replace(/\.db$/, '')}.snapshots.db`;
  }

  async read(streamName: string): Promise<StreamSnapshot | null> {
    if (this.closed) return null;
    const row = this.statements.read.get(streamName);
    return row === undefined ? null : { streamName, revision: row.revision, version: row.version, data: row.data };
  }

  async write(snapshot: StreamSnapshot): Promise<void> {
    if (this.closed) return;
    this.statements.write.run(snapshot.streamName, snapshot.revision, snapshot.version, snapshot.data, new Date().toISOString());
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
  }
}
