import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventToAppend } from './event-store.port';
import { GENESIS_HASH, canonicalJson, chainHash } from './hash-chain';
import { formatPosition } from './position';
import { SqliteEventStore } from './sqlite-event-store';

const metadata = { commandId: 'c', correlationId: 'c', causationId: 'c', actor: { userId: 'u1', role: 'rep' as const }, occurredAt: '2026-01-01T00:00:00.000Z', schemaVersion: 1 };
const event = (type: string, data: object): EventToAppend => ({ id: randomUUID(), type, data, metadata });

/** The events table as it was before the hash chain. */
const OLD_SCHEMA = `
  CREATE TABLE events (
    position INTEGER PRIMARY KEY, event_id TEXT NOT NULL, stream_name TEXT NOT NULL, category TEXT NOT NULL,
    revision INTEGER NOT NULL, type TEXT NOT NULL, data TEXT NOT NULL, metadata TEXT NOT NULL, recorded_at TEXT NOT NULL,
    UNIQUE (stream_name, revision)
  );
  CREATE INDEX events_by_category ON events (category, position);
`;

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sqlite-chain-'));
  file = join(dir, 'events.db');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Writes to the file behind the store's back, as someone with access to the disk could. */
const tamper = (sql: string, ...parameters: unknown[]): void => {
  const db = new Database(file);
  db.prepare(sql).run(...parameters);
  db.close();
};

async function aLog(): Promise<{ positions: string[] }> {
  const store = new SqliteEventStore(file);
  const a = await store.append('opportunity-a', [event('Opened', { n: 5 }), event('Moved', { n: 6 })], 'no_stream');
  const b = await store.append('quote-b', [event('Drafted', { n: 7 })], 'no_stream');
  const c = await store.append('opportunity-a', [event('Won', { n: 8 })], 1);
  await store.close();
  return { positions: [a, b, c].map((result) => formatPosition(result.position)) };
}

describe('SQLite hash chain', () => {
  it('verifies an untouched log: every event checked, the head is the last logHash', async () => {
    await aLog();
    const store = new SqliteEventStore(file);
    const [last] = await store.readAll({ after: { commit: 3n, prepare: 3n } });
    expect(await store.verifyChain()).toEqual({ ok: true, checked: 4, firstMismatch: null, headHash: last.logHash });
    await store.close();
  });

  it('reports a one-byte edit of an event data at that position, in its stream chain', async () => {
    await aLog();
    tamper(`UPDATE events SET data = replace(data, '"n":7', '"n":9') WHERE position = 3`);
    const store = new SqliteEventStore(file);
    const result = await store.verifyChain();
    await store.close();
    expect(result).toMatchObject({ ok: false, checked: 4, firstMismatch: { position: { commit: 3n }, stream: 'quote-b', revision: 0, chain: 'stream' } });
  });

  it('reports the same edit when verifying the stream alone, and not in another stream', async () => {
    await aLog();
    tamper(`UPDATE events SET data = replace(data, '"n":6', '"n":0') WHERE position = 2`);
    const store = new SqliteEventStore(file);
    const [edited, other] = [await store.verifyChain({ stream: 'opportunity-a' }), await store.verifyChain({ stream: 'quote-b' })];
    await store.close();
    expect(edited.firstMismatch).toMatchObject({ stream: 'opportunity-a', revision: 1 });
    expect(other.ok).toBe(true);
  });

  it('reports an edited metadata byte (who did it) too', async () => {
    await aLog();
    tamper(`UPDATE events SET metadata = replace(metadata, '"u1"', '"u2"') WHERE position = 1`);
    const store = new SqliteEventStore(file);
    const result = await store.verifyChain();
    await store.close();
    expect(result.firstMismatch).toMatchObject({ position: { commit: 1n }, revision: 0 });
  });

  it('reports an event removed from the log at the event after it, in the $all chain', async () => {
    await aLog();
    tamper('DELETE FROM events WHERE position = 3');
    const store = new SqliteEventStore(file);
    const result = await store.verifyChain();
    await store.close();
    expect(result.firstMismatch).toMatchObject({ position: { commit: 4n }, chain: 'log' });
  });

  it('reports a recomputed stream hash that no longer fits the log chain', async () => {
    await aLog();
    const forged = chainHash(GENESIS_HASH, canonicalJson({ type: 'Drafted', data: { n: 9 }, metadata, stream: 'quote-b', revision: 0 }));
    tamper(`UPDATE events SET data = '{"n":9}', stream_hash = ? WHERE position = 3`, forged);
    const store = new SqliteEventStore(file);
    const result = await store.verifyChain();
    await store.close();
    expect(result.firstMismatch).toMatchObject({ position: { commit: 3n }, chain: 'log', found: expect.any(String) });
  });

  it('checks a range of the log from the logHash before it', async () => {
    await aLog();
    tamper(`UPDATE events SET data = replace(data, '"n":5', '"n":1') WHERE position = 1`);
    const store = new SqliteEventStore(file);
    const range = await store.verifyChain({ fromPosition: { commit: 2n, prepare: 2n }, toPosition: { commit: 4n, prepare: 4n } });
    await store.close();
    expect(range).toMatchObject({ ok: true, checked: 3 });
  });

  it('keeps one chain when two stores (two connections, as two processes would) append to the same file in turn', async () => {
    const one = new SqliteEventStore(file);
    const two = new SqliteEventStore(file);
    await Promise.all([one.append('a-1', [event('A', { n: 1 })], 'no_stream'), two.append('b-1', [event('B', { n: 1 })], 'no_stream')]);
    await Promise.all([one.append('a-1', [event('A', { n: 2 })], 0), two.append('b-1', [event('B', { n: 2 })], 0)]);
    const result = await one.verifyChain();
    await Promise.all([one.close(), two.close()]);
    expect(result).toMatchObject({ ok: true, checked: 4 });
  });

  describe('a log written before the chain', () => {
    const oldEvents = [
      ['opportunity-a', 0, 'Opened', '{"n":5,"amount":{"currency":"USD","amountMinor":10}}'],
      ['quote-b', 0, 'Drafted', '{"n":7}'],
      ['opportunity-a', 1, 'Won', '{"n":8}'],
    ] as const;
    const writeOldLog = (): void => {
      const db = new Database(file);
      db.exec(OLD_SCHEMA);
      const insert = db.prepare('INSERT INTO events (event_id, stream_name, category, revision, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
      oldEvents.map(([stream, revision, type, data]) =>
        insert.run(randomUUID(), stream, stream.split('-')[0], revision, type, data, JSON.stringify(metadata), '2026-01-01T00:00:00.000Z'),
      );
      db.close();
    };

    it('gets the chain on open, the same hashes a new log computes for the same events', async () => {
      writeOldLog();
      const migrated = new SqliteEventStore(file);
      const hashes = (await migrated.readAll()).map((e) => [e.streamHash, e.logHash]);
      await migrated.close();
      const fresh = new SqliteEventStore(join(dir, 'fresh.db'));
      await fresh.append('opportunity-a', [event('Opened', { n: 5, amount: { currency: 'USD', amountMinor: 10 } })], 'no_stream');
      await fresh.append('quote-b', [event('Drafted', { n: 7 })], 'no_stream');
      await fresh.append('opportunity-a', [event('Won', { n: 8 })], 0);
      const expected = (await fresh.readAll()).map((e) => [e.streamHash, e.logHash]);
      await fresh.close();
      expect(hashes).toEqual(expected);
    });

    it('keeps the stored text of those events as it was, and verifies', async () => {
      writeOldLog();
      const store = new SqliteEventStore(file);
      const result = await store.verifyChain();
      await store.close();
      const db = new Database(file, { readonly: true });
      const data = db.prepare('SELECT data FROM events ORDER BY position').pluck().all();
      db.close();
      expect(data).toEqual(oldEvents.map(([, , , text]) => text));
      expect(result).toMatchObject({ ok: true, checked: 3 });
    });

    it('chains new appends onto the migrated ones', async () => {
      writeOldLog();
      const store = new SqliteEventStore(file);
      await store.append('opportunity-a', [event('Reopened', { n: 9 })], 1);
      const result = await store.verifyChain();
      await store.close();
      expect(result).toMatchObject({ ok: true, checked: 4 });
    });

    it('migrates once: a later open leaves the hashes alone', async () => {
      writeOldLog();
      await new SqliteEventStore(file).close();
      tamper(`UPDATE events SET data = replace(data, '"n":7', '"n":9') WHERE position = 2`);
      const store = new SqliteEventStore(file);
      const result = await store.verifyChain();
      await store.close();
      expect(result.firstMismatch).toMatchObject({ position: { commit: 2n }, stream: 'quote-b' });
    });
  });
});
