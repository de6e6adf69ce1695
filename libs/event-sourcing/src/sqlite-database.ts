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
