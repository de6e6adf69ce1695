import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventToAppend } from './event-store.port';
import { SqliteEventStore } from './sqlite-event-store';

const metadata = { commandId: 'c', correlationId: 'c', causationId: 'c', actor: { userId: 'u1', role: 'rep' as const }, occurredAt: '2026-01-01T00:00:00.000Z', schemaVersion: 1 };
const event = (type: string): EventToAppend => ({ id: randomUUID(), type, data: {}, metadata });
const STREAM = 'member-anna';

let dir: string;
let store: SqliteEventStore;
let other: SqliteEventStore;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sqlite-tips-'));
  store = new SqliteEventStore(join(dir, 'events.db'));
  other = new SqliteEventStore(join(dir, 'events.db'));
});
afterEach(async () => {
  await store.close();
  await other.close();
  rmSync(dir, { recursive: true, force: true });
});

const typesAfter = async (reader: SqliteEventStore, revision: number) => (await reader.readStream(STREAM, { fromRevision: revision + 1 })).map((read) => read.type);

// A read of what comes after a stream's known last revision is answered from memory; these pin that it never hides an event.
describe('reads after the last revision a store knows of a stream', () => {
  it('answers nothing after the last event this store appended', async () => {
    await store.append(STREAM, [event('Added')], 'no_stream');
    expect(await typesAfter(store, 0)).toEqual([]);
  });

  it('reads an event this store appended after it read the stream to its end', async () => {
    await store.append(STREAM, [event('Added')], 'no_stream');
    await store.readStream(STREAM);
    await store.append(STREAM, [event('Deactivated')], 0);
    expect(await typesAfter(store, 0)).toEqual(['Deactivated']);
  });

  it('reads an event another connection appended to the same file after this store read the stream to its end', async () => {
    await store.append(STREAM, [event('Added')], 'no_stream');
    await store.readStream(STREAM);
    await other.append(STREAM, [event('Deactivated')], 0);
    expect(await typesAfter(store, 0)).toEqual(['Deactivated']);
  });

  it('reads an event another connection appended after this store appended the one before it', async () => {
    await store.append(STREAM, [event('Added')], 'no_stream');
    await other.append(STREAM, [event('Deactivated')], 0);
    expect(await typesAfter(store, 0)).toEqual(['Deactivated']);
  });

  it('does not take the last event of a read cut short by maxCount for the end of the stream', async () => {
    await store.append(STREAM, [event('Added'), event('Deactivated')], 'no_stream');
    await store.readStream(STREAM, { maxCount: 1 });
    expect(await typesAfter(store, 0)).toEqual(['Deactivated']);
  });

  it('reads the first event of a stream this store read as missing, appended by this store', async () => {
    await store.readStream(STREAM, { fromRevision: 0 });
    await store.append(STREAM, [event('Added')], 'no_stream');
    expect(await typesAfter(store, -1)).toEqual(['Added']);
  });

  it('reads the first event of a stream this store read as missing, appended by another connection', async () => {
    await store.readStream(STREAM, { fromRevision: 0 });
    await other.append(STREAM, [event('Added')], 'no_stream');
    expect(await typesAfter(store, -1)).toEqual(['Added']);
  });

  it('reads an event another connection appended after this store found nothing after a revision', async () => {
    await store.append(STREAM, [event('Added')], 'no_stream');
    await typesAfter(store, 0);
    await other.append(STREAM, [event('Deactivated')], 0);
    expect(await typesAfter(store, 0)).toEqual(['Deactivated']);
  });

  it('keeps the end of a stream where a refused append left it', async () => {
    await store.append(STREAM, [event('Added')], 'no_stream');
    await expect(store.append(STREAM, [event('Deactivated')], 5)).rejects.toThrow();
    await store.append(STREAM, [event('Reactivated')], 0);
    expect(await typesAfter(store, 0)).toEqual(['Reactivated']);
  });
});
