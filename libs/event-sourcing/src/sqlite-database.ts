import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Opens an embedded store's SQLite file the way every embedded store needs it: WAL, and
 * `synchronous=FULL` so that a committed transaction has been fsynced before it is acknowledged.
 * `normal` (WAL fsyncs only at checkpoints) is for data that can be derived again: a power loss
 * may roll back the last commits, never tear one.
 * Keys in both stores are random (stream names, document ids), so each commit touches pages all
 * over its indexes; fewer, larger checkpoints write each of those pages back once
 * (bench/RESULTS.md, history).
 */
export function openSqliteDatabase(file: string, durability: 'full' | 'normal' = 'full'): Database.Database {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma(durability === 'full' ? 'synchronous = FULL' : 'synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('wal_autocheckpoint = 10000');
  db.pragma('cache_size = -65536');
  return db;
}

/**
 * A consistent copy of a SQLite file as of one transaction (`VACUUM INTO`), taken while other
 * connections may keep writing to it.
 */
export function snapshotSqliteFile(source: string, target: string): void {
  const db = new Database(source, { readonly: true, fileMustExist: true });
  try {
    db.prepare('VACUUM INTO ?').run(target);
  } finally {
    db.close();
  }
}

/**
 * Cuts a copied log (an events file) back to an instant: every event recorded after it is removed,
 * all else stays byte for byte. Answers how many events are left and the position of the last.
 */
export function cutLogCopyAt(file: string, until: Date): { events: number; lastPosition: number | null } {
  const db = new Database(file, { fileMustExist: true });
  try {
    // Commit times are ISO-8601 in UTC, which sort as text; positions follow them.
    const last = db.prepare('SELECT MAX(position) AS position FROM events WHERE recorded_at <= ?').get(until.toISOString()) as { position: number | null };
    db.prepare('DELETE FROM events WHERE position > ?').run(last.position ?? 0);
    const { events } = db.prepare('SELECT COUNT(*) AS events FROM events').get() as { events: number };
    db.exec('VACUUM');
    return { events, lastPosition: last.position };
  } finally {
    db.close();
  }
}
