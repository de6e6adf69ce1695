import { randomUUID } from 'node:crypto';
import { type AllEvent, type EventToAppend, SqliteEventStore } from '@ledger/event-sourcing';
import { SqliteReadStore } from '../sqlite-read-store';
import { IDLE_CHECKPOINT_MS } from './idle-checkpoint';
import type { Projection } from './projection';
import { ProjectionApplier } from './projection-applier';

const metadata = { commandId: 'c', correlationId: 'c', causationId: 'c', actor: { userId: 'u', role: 'rep' as const }, occurredAt: '2027-01-01T00:00:00.000Z', schemaVersion: 1 };
const event = (type: string): EventToAppend => ({ id: randomUUID(), type, data: {}, metadata });

/** Counts `Counted` events; everything else writes nothing. */
const counting: Projection = {
  name: 'counting',
  collections: ['counts'],
  handles: new Set(['Counted']),
  project: (e: AllEvent) => [{ op: 'upsert', collection: 'counts', id: e.streamName, update: { $inc: { n: 1 } }, guard: { field: '_revision', value: e.revision } }],
};

describe('checkpoints of batches that write nothing', () => {
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

  it('are stored at most every IDLE_CHECKPOINT_MS, always with a write, and by a flush', async () => {
    await events.append('s-1', [event('Counted'), event('Other'), event('Other'), event('Counted')], 'any');
    const [counted, other1, other2, countedAgain] = await events.readAll();
    const applier = new ProjectionApplier(views, counting);

    await applier.apply([counted]);
    expect(await views.readCheckpoint('counting')).toEqual(counted.position);
    await applier.apply([other1]);
    await applier.apply([other2]);
    expect(await views.readCheckpoint('counting')).toEqual(counted.position);
    expect(applier.hasPendingCheckpoint).toBe(true);

    await applier.flush();
    expect(await views.readCheckpoint('counting')).toEqual(other2.position);
    expect(applier.hasPendingCheckpoint).toBe(false);

    await new Promise((resolve) => setTimeout(resolve, IDLE_CHECKPOINT_MS + 20));
    await applier.apply([countedAgain]);
    expect(await views.readCheckpoint('counting')).toEqual(countedAgain.position);
    expect(await views.findOne('counts', { _id: 's-1' })).toMatchObject({ n: 2 });
  });
});
