import { randomUUID } from 'node:crypto';
import { type AllEvent, type EventToAppend, SqliteEventStore } from '@ledger/event-sourcing';
import { SqliteReadStore } from '../sqlite-read-store';
import type { Projection } from './projection';
import { ProjectionRuntime } from './projection-runtime';

const metadata = { commandId: 'c', correlationId: 'c', causationId: 'c', actor: { userId: 'u', role: 'rep' as const }, occurredAt: '2027-01-01T00:00:00.000Z', schemaVersion: 1 };
const event = (type: string): EventToAppend => ({ id: randomUUID(), type, data: {}, metadata });

/** Counts every event of the log in one document per stream, in a collection named after the projection. */
const counting = (name: string): Projection => ({
  name,
  collections: [name],
  handles: new Set(['Counted']),
  project: (e: AllEvent) => [{ op: 'upsert', collection: name, id: e.streamName, update: { $inc: { n: 1 } }, guard: { field: '_revision', value: e.revision } }],
});

describe('a projector process given some of the consumers (CONSUMERS)', () => {
  let events: SqliteEventStore;
  let views: SqliteReadStore;
  beforeEach(() => {
    events = new SqliteEventStore(':memory:');
    views = new SqliteReadStore(':memory:');
  });
  afterEach(async () => {
    await views.close();
    await events.close();
  });

  it('runs those and leaves the others to their own process, which still reports them', async () => {
    await events.append('s-1', [event('Counted'), event('Counted')], 'any');
    const runtime = new ProjectionRuntime(events, views, { projections: [counting('first'), counting('second')], run: true, only: ['second'] });
    await runtime.onApplicationBootstrap();
    expect(await runtime.waitFor((await events.readAll()).at(-1)!.position, ['second'], 2000)).toBe(true);
    await runtime.onApplicationShutdown();

    expect(await views.findOne('second', { _id: 's-1' })).toMatchObject({ n: 2 });
    expect(await views.findOne('first', { _id: 's-1' })).toBeNull();
    expect(runtime.consumers).toEqual(['first', 'second']);
  });

  it('refuses to start when it names a consumer it does not know', async () => {
    const runtime = new ProjectionRuntime(events, views, { projections: [counting('first')], run: true, only: ['first', 'frist'] });
    await expect(runtime.onApplicationBootstrap()).rejects.toThrow('CONSUMERS names frist, which this process does not know; known: first');
  });
});
