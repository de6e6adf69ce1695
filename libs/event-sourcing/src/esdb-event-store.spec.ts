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
