import { randomUUID } from 'node:crypto';
import { EsdbEventStore } from './esdb-event-store';
import { type EventToAppend, WrongExpectedRevisionError } from './event-store.port';
import { ScriptedEventStoreDB } from './testing';

/*
 * What the shared contract suite cannot pin: how much the adapter reads and how it behaves when the
 * client misbehaves as @eventstore/db-client 6.2.1 does. Run over the scripted client.
 */

const metadata = { commandId: 'c', correlationId: 'c', causationId: 'c', actor: { userId: 'u1', role: 'rep' as const }, occurredAt: '2026-01-01T00:00:00.000Z', schemaVersion: 1 };
const event = (type: string, data: object = {}): EventToAppend => ({ id: randomUUID(), type, data, metadata });

describe('EsdbEventStore over a scripted EventStoreDB client', () => {
  let client: ScriptedEventStoreDB;
  let store: EsdbEventStore;
  beforeEach(() => {
    client = new ScriptedEventStoreDB();
    store = EsdbEventStore.withClient(client);
  });
  afterEach(() => store.close());

  describe('a category read on a server that never says it caught up (before 23.10)', () => {
    let quietClient: ScriptedEventStoreDB;
    let quietStore: EsdbEventStore;
    beforeEach(() => {
      quietClient = new ScriptedEventStoreDB({ sendsCaughtUp: false });
      quietStore = EsdbEventStore.withClient(quietClient, { readDeadlineMs: 1000 });
    });
    afterEach(() => quietStore.close());

    it('ends at the head of $all taken when it starts: its last event there, or none of it after its last one', async () => {
      const category = `quiet${randomUUID().slice(0, 8)}`;
      await quietStore.append(`${category}-1`, [event('X1')], 'no_stream');
      await quietStore.append(`${category}-2`, [event('X2')], 'no_stream');
      expect((await quietStore.readCategory(category)).map((e) => e.type)).toEqual(['X1', 'X2']);
      await quietStore.append(`other-${randomUUID()}`, [event('Other')], 'no_stream');
      await quietStore.snapshotsFor()!.write({ streamName: `${category}-1`, revision: 0, version: '1', data: '{}' });
      expect((await quietStore.readCategory(category)).map((e) => e.type)).toEqual(['X1', 'X2']);
      expect(await quietStore.readCategory('nothing')).toEqual([]);
    }, 5000);

    it('fails with a clear error at its deadline when the server delivers nothing, instead of hanging', async () => {
      const category = `stalled${randomUUID().slice(0, 8)}`;
      await quietStore.append(`${category}-1`, [event('X1')], 'no_stream');
      quietClient.hold('subscriptions');
      await expect(quietStore.readCategory(category)).rejects.toThrow(/did not reach the head of \$all .* within 1000 ms/);
    }, 5000);
  });

  describe('event data JSON cannot carry', () => {
    const nested = (depth: number): unknown[] => {
      const root: unknown[] = [];
      let level = root;
      for (let i = 0; i < depth; i += 1) level.push((level = []));
      return root;
    };
    const circular: Record<string, unknown> = {};
    circular.self = circular;

    it('is refused by append with a clear error, never left pending inside the client', async () => {
      const name = `odd-${randomUUID()}`;
      // The hash chain's canonical form already refuses most; nesting deeper than JSON.stringify's stack only fails in the client.
      for (const data of [{ deep: nested(20_000) }, { amount: 1n }, { circular }, { toJSON: () => { throw new Error('no JSON for you'); } }]) {
        await expect(store.append(name, [event('Odd', data)], 'no_stream')).rejects.toThrow(/cannot be sent to EventStoreDB: its data is not JSON/);
      }
      expect(client.lostAppendFailures).toEqual([]);
      expect(await store.readStream(name)).toEqual([]);
    }, 5000);
  });

  describe('close() while a read is in flight', () => {
    const reads: [string, (store: EsdbEventStore, name: string) => Promise<unknown>][] = [
      ['readStream', (store, name) => store.readStream(name)],
      ['readAll', (store) => store.readAll()],
      ['readCategory', (store, name) => store.readCategory(name.split('-')[0])],
      ['readHistory of a stream', (store, name) => store.readHistory({ stream: name, order: 'oldest', maxCount: 100 })],
      ['readHistory of $all', (store) => store.readHistory({ order: 'newest', maxCount: 100 })],
      ['lastPosition', (store) => store.lastPosition()],
      ['a snapshot read', (store, name) => store.snapshotsFor()!.read(name)],
      ['verifyChain', (store, name) => store.verifyChain({ stream: name })],
    ];

    it.each(reads)('refuses %s instead of answering with what it had read', async (_, read) => {
      const name = `cut-${randomUUID()}`;
      await store.append(name, Array.from({ length: 100 }, () => event('E')), 'no_stream');
      await store.snapshotsFor()!.write({ streamName: name, revision: 99, version: '1', data: '{}' });
      client.hold('reads');
      const outcome = read(store, name).then(
        (answer) => ({ answer }),
        (error: unknown) => ({ error }),
      );
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(client.openStreams).toBeGreaterThan(0);
      await store.close();
      expect(await outcome).toEqual({ error: expect.objectContaining({ message: expect.stringMatching(/closed during (a|the) read/) }) });
    });
  });

  describe('a lost race', () => {
    it('reads only the events right after its expected revision, however long the stream (the assignment rotor)', async () => {
      const rotor = `rotor-${randomUUID()}`;
      await store.append(rotor, Array.from({ length: 500 }, () => event('Turned')), 'no_stream');
      for (let revision = 499; revision < 2499; revision += 500) {
        await store.append(rotor, Array.from({ length: 500 }, () => event('Turned')), revision);
      }
      // Another process loaded the stream at revision 1000 (its adapter knows the chain there), and lost the race.
      const racer = EsdbEventStore.withClient(client);
      await racer.readStream(rotor, { fromRevision: 1000, maxCount: 1 });
      const events = [event('Turned'), event('Turned')];
      client.streamEventsRead = 0;
      await expect(racer.append(rotor, events, 1000)).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      expect(client.streamEventsRead).toBeLessThanOrEqual(events.length);
    });
  });
});
