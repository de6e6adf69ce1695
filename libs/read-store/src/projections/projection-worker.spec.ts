import { randomUUID } from 'node:crypto';
import { type AllEvent, EsdbEventStore, type EventToAppend, positionOf, SqliteEventStore } from '@ledger/event-sourcing';
import { ScriptedEventStoreDB } from '@ledger/event-sourcing/testing';
import { SqliteReadStore } from '../sqlite-read-store';
import { ReadStoreUnavailableError } from '../read-store-unavailable.error';
import type { Projection } from './projection';
import { CheckpointAheadOfLogError, ProjectionWorker } from './projection-worker';

const metadata = { commandId: 'c', correlationId: 'c', causationId: 'c', actor: { userId: 'u', role: 'rep' as const }, occurredAt: '2027-01-01T00:00:00.000Z', schemaVersion: 1 };
const event = (type: string, n: number): EventToAppend => ({ id: randomUUID(), type, data: { n }, metadata });

/** Counts events per stream; throws on `Poison` events, as a buggy handler would. */
const counting = (name: string, poisoned: boolean): Projection => ({
  name,
  collections: [name],
  handles: new Set(['Counted', 'Poison']),
  project: (e: AllEvent) => {
    if (poisoned && e.type === 'Poison') throw new Error('cannot handle poison');
    return [{ op: 'upsert', collection: name, id: e.streamName, update: { $inc: { count: 1 } }, guard: { field: '_revision', value: e.revision } }];
  },
});

/** The checkpoint of every commit the read store is asked for, in order. */
function recordCheckpoints(views: SqliteReadStore): bigint[] {
  const checkpoints: bigint[] = [];
  const commit = views.commit.bind(views);
  jest.spyOn(views, 'commit').mockImplementation(async (name, writes, position) => {
    checkpoints.push(position.commit);
    return commit(name, writes, position);
  });
  return checkpoints;
}

async function eventually(check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('ProjectionWorker', () => {
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

  it('refuses to start from a checkpoint beyond the log (a log wiped or restored from an older copy), naming both positions', async () => {
    await events.append('thing-1', [event('Counted', 1), event('Counted', 2)], 'no_stream');
    await views.commit('counts', [], positionOf(7));
    const worker = new ProjectionWorker(events, views, counting('counts', false));
    await expect(worker.start()).rejects.toThrow(CheckpointAheadOfLogError);
    await expect(worker.start()).rejects.toThrow(/checkpoint of counts \(7\) is beyond the log's last event \(2\).*salesctl rebuild/);
    const empty = new SqliteEventStore(':memory:');
    await expect(new ProjectionWorker(empty, views, counting('counts', false)).start()).rejects.toThrow(/the log is empty/);
    await empty.close();
  });

  it('refuses a checkpoint beyond the last user event over EventStoreDB too (scripted client), whatever system events follow it', async () => {
    const esdb = EsdbEventStore.withClient(new ScriptedEventStoreDB());
    try {
      const last = await esdb.append('thing-1', [event('Counted', 1)], 'no_stream');
      // System events after it: the server's projection links and a snapshot stream with its metadata.
      await esdb.snapshotsFor()!.write({ streamName: 'thing-1', revision: 0, version: '1', data: '{}' });
      await views.commit('ahead', [], { commit: last.position.commit + 1n, prepare: last.position.prepare + 1n });
      await expect(new ProjectionWorker(esdb, views, counting('ahead', false)).start()).rejects.toThrow(CheckpointAheadOfLogError);
      await views.commit('at-last', [], last.position);
      const worker = new ProjectionWorker(esdb, views, counting('at-last', false));
      await worker.start();
      await worker.stop();
    } finally {
      await esdb.close();
    }
  });

  it('starts from a checkpoint at the last event of the log', async () => {
    const appended = await events.append('thing-1', [event('Counted', 1)], 'no_stream');
    await views.commit('counts', [], appended.position);
    const worker = new ProjectionWorker(events, views, counting('counts', false));
    await worker.start();
    await events.append('thing-1', [event('Counted', 2)], 0);
    await eventually(async () => (await views.findOne('counts', { _id: 'thing-1' }))?.count === 1);
    await worker.stop();
  });

  it('catches up, then follows live appends, moving its checkpoint', async () => {
    await events.append('thing-1', [event('Counted', 1), event('Counted', 2)], 'no_stream');
    const worker = new ProjectionWorker(events, views, counting('counts', false));
    await worker.start();
    await eventually(async () => (await views.findOne('counts', { _id: 'thing-1' }))?.count === 2);
    const live = await events.append('thing-1', [event('Counted', 3)], 1);
    await eventually(async () => (await views.findOne('counts', { _id: 'thing-1' }))?.count === 3);
    expect(await views.readCheckpoint('counts')).toEqual(live.position);
    await worker.stop();
  });

  it('commits the events of one append together, so a reader never sees half a decision', async () => {
    const worker = new ProjectionWorker(events, views, counting('counts', false));
    await worker.start();
    const checkpoints = recordCheckpoints(views);
    const appendEnds: bigint[] = [];
    try {
      for (let round = 0; round < 20; round += 1) {
        const appended = await events.append(`thing-${round}`, [event('Counted', 1), event('Counted', 2), event('Counted', 3)], 'no_stream');
        appendEnds.push(appended.position.commit);
        await eventually(async () => (await views.readCheckpoint('counts'))?.commit === appended.position.commit);
      }
    } finally {
      await worker.stop();
    }
    expect(checkpoints.filter((position) => !appendEnds.includes(position))).toEqual([]);
  });

  it('lets a batch run past its size rather than cut an append in two', async () => {
    const first = await events.append('thing-1', [event('Counted', 1), event('Counted', 2), event('Counted', 3)], 'no_stream');
    const second = await events.append('thing-2', [event('Counted', 1), event('Counted', 2)], 'no_stream');
    const checkpoints = recordCheckpoints(views);
    const worker = new ProjectionWorker(events, views, counting('counts', false), { batchSize: 2 });
    await worker.start();
    try {
      await eventually(async () => (await views.readCheckpoint('counts'))?.commit === second.position.commit);
    } finally {
      await worker.stop();
    }
    expect(checkpoints).toEqual([first.position.commit, second.position.commit]);
  });

  it('parks an event that keeps failing after its retries; the rest and the other projections go on', async () => {
    const broken = new ProjectionWorker(events, views, counting('broken', true), { maxAttempts: 3, retryDelayMs: 1 });
    const healthy = new ProjectionWorker(events, views, counting('healthy', false));
    await broken.start();
    await healthy.start();
    await events.append('thing-1', [event('Counted', 1), event('Poison', 2), event('Counted', 3)], 'no_stream');
    const last = await events.append('thing-2', [event('Counted', 1)], 'no_stream');
    await eventually(async () => (await views.readCheckpoint('broken'))?.commit === last.position.commit);
    await eventually(async () => (await views.readCheckpoint('healthy'))?.commit === last.position.commit);

    expect((await views.findOne('broken', { _id: 'thing-1' }))?.count).toBe(2);
    expect((await views.findOne('broken', { _id: 'thing-2' }))?.count).toBe(1);
    expect((await views.findOne('healthy', { _id: 'thing-1' }))?.count).toBe(3);
    const parked = await views.listParked('broken');
    expect(parked).toEqual([expect.objectContaining({ projection: 'broken', type: 'Poison', streamName: 'thing-1', revision: 1, attempts: 3, error: 'cannot handle poison' })]);
    expect(await views.listParked('healthy')).toEqual([]);
    await broken.stop();
    await healthy.stop();
  });
  describe('a read store that does not answer (network, failover)', () => {
    /** Adds every event to one total, unguarded: an event applied twice shows. */
    const totalling: Projection = {
      name: 'totals',
      collections: ['totals'],
      handles: new Set(['Counted']),
      project: () => [{ op: 'upsert', collection: 'totals', id: 'all', update: { $inc: { count: 1 } } }],
    };
    const outage = () => new ReadStoreUnavailableError('commit', { cause: new Error('connection reset') });

    it('is waited out: nothing parked, every event applied once, the outage shown while it lasts', async () => {
      await events.append('thing-1', [event('Counted', 1), event('Counted', 2), event('Counted', 3)], 'no_stream');
      const commit = views.commit.bind(views);
      const seenWhileDown: (string | null)[] = [];
      let failures = 0;
      const worker = new ProjectionWorker(events, views, totalling, { outageDelayMs: 2, maxAttempts: 2, retryDelayMs: 1 });
      jest.spyOn(views, 'commit').mockImplementation(async (name, writes, position) => {
        if (failures < 6) {
          failures += 1;
          seenWhileDown.push(worker.outage?.since ?? null);
          throw outage();
        }
        return commit(name, writes, position);
      });
      await worker.start();
      await eventually(async () => (await views.findOne('totals', { _id: 'all' }))?.count === 3);
      await worker.stop();
      expect(await views.listParked()).toEqual([]);
      expect(seenWhileDown.slice(1).every((since) => since !== null)).toBe(true);
      expect(worker.outage).toBeNull();
      expect((await views.findOne('totals', { _id: 'all' }))?.count).toBe(3);
    });

    it('resumes a batch applied event by event after the events committed before the outage', async () => {
      await events.append('thing-1', [event('Counted', 1), event('Counted', 2), event('Counted', 3)], 'no_stream');
      const commit = views.commit.bind(views);
      const calls: number[] = [];
      jest.spyOn(views, 'commit').mockImplementation(async (name, writes, position) => {
        calls.push(Number(position.commit));
        // The batch's commit fails for a reason of its own, so events go one by one; the second one meets an outage.
        if (calls.length === 1) throw new Error('a bad batch');
        if (calls.length >= 3 && calls.length <= 6) throw outage();
        return commit(name, writes, position);
      });
      const worker = new ProjectionWorker(events, views, totalling, { outageDelayMs: 2, maxAttempts: 2, retryDelayMs: 1 });
      await worker.start();
      await eventually(async () => (await views.readCheckpoint('totals'))?.commit === 3n);
      await worker.stop();
      expect(await views.listParked()).toEqual([]);
      expect((await views.findOne('totals', { _id: 'all' }))?.count).toBe(3);
    });

    it('resubscribes after any failure from the checkpoint as stored, so events a failed batch committed are not applied again', async () => {
      await events.append('thing-1', [event('Counted', 1), event('Counted', 2), event('Counted', 3)], 'no_stream');
      const commit = views.commit.bind(views);
      const park = views.park.bind(views);
      let commits = 0;
      jest.spyOn(views, 'commit').mockImplementation(async (name, writes, position) => {
        commits += 1;
        // The batch fails, so events go one by one: the first lands, the second keeps failing and its parking fails too.
        if (commits === 1 || (commits >= 3 && commits <= 4)) throw new Error('refused');
        return commit(name, writes, position);
      });
      let parkings = 0;
      jest.spyOn(views, 'park').mockImplementation(async (parked) => {
        parkings += 1;
        if (parkings === 1) throw new Error('the parked list refused it');
        return park(parked);
      });
      const worker = new ProjectionWorker(events, views, totalling, { maxAttempts: 2, retryDelayMs: 1, resubscribeDelayMs: 1 });
      await worker.start();
      await eventually(async () => (await views.readCheckpoint('totals'))?.commit === 3n);
      await worker.stop();
      expect((await views.findOne('totals', { _id: 'all' }))?.count).toBe(3);
    });

    it('stops while waiting, leaving the batch to the next start', async () => {
      await events.append('thing-1', [event('Counted', 1)], 'no_stream');
      jest.spyOn(views, 'commit').mockRejectedValue(outage());
      const worker = new ProjectionWorker(events, views, totalling, { outageDelayMs: 5, maxOutageDelayMs: 60_000 });
      await worker.start();
      await eventually(async () => (worker.outage?.attempts ?? 0) >= 2);
      await worker.stop();
      expect(await views.readCheckpoint('totals')).toBeNull();
      expect(await views.listParked()).toEqual([]);
    });
  });
});
