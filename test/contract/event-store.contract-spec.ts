import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type AllEvent,
  EventIdConflictError,
  type EventStore,
  type EventToAppend,
  EsdbEventStore,
  GENESIS_HASH,
  SqliteEventStore,
  WrongExpectedRevisionError,
  canonicalJson,
  chainHash,
  comparePositions,
} from '@ledger/event-sourcing';
import { ScriptedEventStoreDB } from '@ledger/event-sourcing/testing';

type Adapter = {
  name: string;
  open: () => Promise<{ store: EventStore; dispose: () => Promise<void> }> | null;
};

const adapters: Adapter[] = [
  {
    name: 'SQLite (embedded)',
    open: async () => {
      const dir = mkdtempSync(join(tmpdir(), 'event-store-contract-'));
      const store = new SqliteEventStore(join(dir, 'events.db'));
      return { store, dispose: async () => (await store.close(), rmSync(dir, { recursive: true, force: true })) };
    },
  },
  {
    name: 'EventStoreDB',
    open: () => {
      const url = process.env.EVENTSTORE_URL;
      if (!url) return null;
      return Promise.resolve().then(() => {
        const store = EsdbEventStore.connect(url);
        return { store, dispose: () => store.close() };
      });
    },
  },
  {
    // The adapter over a client scripted after the server's documented behaviour (testing/scripted-eventstoredb.ts):
    // it proves the adapter's logic, not the server's or the network's.
    name: 'EventStoreDB (scripted client)',
    open: async () => {
      const store = EsdbEventStore.withClient(new ScriptedEventStoreDB());
      return { store, dispose: () => store.close() };
    },
  },
];

const metadata = { commandId: 'c', correlationId: 'c', causationId: 'c', actor: { userId: 'u1', role: 'rep' as const }, occurredAt: '2026-01-01T00:00:00.000Z', schemaVersion: 1 };
const event = (type: string, data: object = {}): EventToAppend => ({ id: randomUUID(), type, data, metadata });
// Unique per run so the suite can share a long-lived EventStoreDB with other data in it.
const category = (): string => `contract${randomUUID().replace(/-/g, '').slice(0, 12)}`;
const stream = (cat = category()): string => `${cat}-${randomUUID()}`;

for (const adapter of adapters) {
  const opening = adapter.open;
  const available = opening() !== null;
  if (!available) {
    describe(`EventStore contract on ${adapter.name}`, () => {
      it('is skipped: set EVENTSTORE_URL to run it against a real EventStoreDB', () => {
        console.warn(`EventStore contract on ${adapter.name}: SKIPPED (EVENTSTORE_URL is not set)`);
        expect(process.env.EVENTSTORE_URL).toBeUndefined();
      });
    });
    continue;
  }

  describe(`EventStore contract on ${adapter.name}`, () => {
    let store: EventStore;
    let dispose: () => Promise<void>;

    beforeAll(async () => {
      const opened = await opening();
      if (!opened) throw new Error('adapter became unavailable');
      ({ store, dispose } = opened);
    });
    afterAll(() => dispose());

    describe('expected revision', () => {
      it('creates a stream with no_stream and answers revision 0 and a position', async () => {
        const name = stream();
        const result = await store.append(name, [event('Opened')], 'no_stream');
        expect(result.nextExpectedRevision).toBe(0);
        expect(typeof result.position.commit).toBe('bigint');
      });

      it('refuses no_stream on an existing stream and reports its revision', async () => {
        const name = stream();
        await store.append(name, [event('A'), event('B')], 'no_stream');
        const error = await store.append(name, [event('C')], 'no_stream').catch((e: unknown) => e);
        expect(error).toBeInstanceOf(WrongExpectedRevisionError);
        expect((error as WrongExpectedRevisionError).actual).toBe(1);
        expect(await store.readStream(name)).toHaveLength(2);
      });

      it('appends at the exact revision and refuses a stale one', async () => {
        const name = stream();
        await store.append(name, [event('A')], 'no_stream');
        expect((await store.append(name, [event('B'), event('C')], 0)).nextExpectedRevision).toBe(2);
        const error = await store.append(name, [event('D')], 0).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(WrongExpectedRevisionError);
        expect((error as WrongExpectedRevisionError).expected).toBe(0);
        expect((error as WrongExpectedRevisionError).actual).toBe(2);
      });

      it('refuses an exact revision on a missing stream with actual -1', async () => {
        const error = await store.append(stream(), [event('A')], 0).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(WrongExpectedRevisionError);
        expect((error as WrongExpectedRevisionError).actual).toBe(-1);
      });

      it('appends with any whatever the state', async () => {
        const name = stream();
        expect((await store.append(name, [event('A')], 'any')).nextExpectedRevision).toBe(0);
        expect((await store.append(name, [event('B')], 'any')).nextExpectedRevision).toBe(1);
      });

      it('lets exactly one of many concurrent appends at the same revision win', async () => {
        const name = stream();
        await store.append(name, [event('A')], 'no_stream');
        const results = await Promise.allSettled(
          Array.from({ length: 8 }, () => store.append(name, [event('B')], 0)),
        );
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        expect(results.filter((r) => r.status === 'rejected').every((r) => (r as PromiseRejectedResult).reason instanceof WrongExpectedRevisionError)).toBe(true);
        expect(await store.readStream(name)).toHaveLength(2);
      });
    });

    describe('idempotent re-append', () => {
      it('recognises the same event ids re-sent with the same expectation and writes nothing', async () => {
        const name = stream();
        const events = [event('A'), event('B')];
        const first = await store.append(name, events, 'no_stream');
        const again = await store.append(name, events, 'no_stream');
        expect(again.nextExpectedRevision).toBe(first.nextExpectedRevision);
        expect(comparePositions(again.position, first.position)).toBe(0);
        expect(await store.readStream(name)).toHaveLength(2);
      });

      it('refuses (or ignores) a known event id sent to another stream, never duplicating it', async () => {
        const reused = event('A');
        await store.append(stream(), [reused], 'no_stream');
        const other = stream();
        const outcome = await store.append(other, [reused], 'no_stream').then(
          () => 'accepted',
          (e: unknown) => e,
        );
        if (outcome !== 'accepted') expect(outcome).toBeInstanceOf(EventIdConflictError);
        const all = await store.readStream(other);
        expect(all.filter((e) => e.id === reused.id).length).toBeLessThanOrEqual(1);
      });
    });

    describe('what a refused append answers (the events right after its expected revision decide)', () => {
      it('answers a replay of an earlier append with its result, also after the stream moved on', async () => {
        const name = stream();
        const events = [event('A'), event('B')];
        const first = await store.append(name, events, 'no_stream');
        await store.append(name, [event('C')], 1);
        const again = await store.append(name, events, 'no_stream');
        expect([again.nextExpectedRevision, comparePositions(again.position, first.position)]).toEqual([1, 0]);
        expect(await store.readStream(name)).toHaveLength(3);
      });

      it('refuses the first id of an earlier append followed by others with EventIdConflictError', async () => {
        const name = stream();
        const [a, b] = [event('A'), event('B')];
        await store.append(name, [a, b], 'no_stream');
        await expect(store.append(name, [a, event('X')], 'no_stream')).rejects.toBeInstanceOf(EventIdConflictError);
        await expect(store.append(name, [a, b, event('Y')], 'no_stream')).rejects.toBeInstanceOf(EventIdConflictError);
      });

      it('answers ids found elsewhere in the stream as a plain conflict, like new ids', async () => {
        const name = stream();
        const [a, b, c] = [event('A'), event('B'), event('C')];
        await store.append(name, [a, b, c], 'no_stream');
        const refusals = await Promise.all(
          [[b], [b, c], [event('X'), a], [c]].map((events) => store.append(name, events, 'no_stream').catch((e: unknown) => e)),
        );
        expect(refusals.map((e) => (e instanceof WrongExpectedRevisionError ? ['conflict', e.expected, e.actual] : e))).toEqual(
          Array.from({ length: 4 }, () => ['conflict', 'no_stream', 2]),
        );
        expect(await store.readStream(name)).toHaveLength(3);
      });
    });

    describe('reads', () => {
      it('reads a stream forwards and backwards from a revision, with data and metadata', async () => {
        const name = stream();
        await store.append(name, [event('A', { n: 0 }), event('B', { n: 1 }), event('C', { n: 2 })], 'no_stream');
        const forwards = await store.readStream(name);
        expect(forwards.map((e) => [e.revision, e.type, e.data])).toEqual([
          [0, 'A', { n: 0 }],
          [1, 'B', { n: 1 }],
          [2, 'C', { n: 2 }],
        ]);
        expect(forwards[0].metadata).toEqual(metadata);
        expect(Number.isNaN(Date.parse(forwards[0].recordedAt))).toBe(false);
        expect((await store.readStream(name, { fromRevision: 1 })).map((e) => e.revision)).toEqual([1, 2]);
        expect((await store.readStream(name, { direction: 'backwards' })).map((e) => e.revision)).toEqual([2, 1, 0]);
        expect(
          (await store.readStream(name, { direction: 'backwards', fromRevision: 1, maxCount: 1 })).map((e) => e.revision),
        ).toEqual([1]);
      });

      it('reads a missing stream as empty', async () => {
        expect(await store.readStream(stream())).toEqual([]);
      });

      it('orders $all by position and reads strictly after a position', async () => {
        const cat = category();
        const a = stream(cat);
        const b = stream(cat);
        const first = await store.append(a, [event('A1')], 'no_stream');
        await store.append(b, [event('B1'), event('B2')], 'no_stream');
        await store.append(a, [event('A2')], 0);
        const after = await readAllFrom(store, first.position);
        const ours = after.filter((e) => e.streamName === a || e.streamName === b);
        expect(ours.map((e) => e.type)).toEqual(['B1', 'B2', 'A2']);
        for (let i = 1; i < after.length; i += 1) {
          expect(comparePositions(after[i - 1].position, after[i].position)).toBe(-1);
        }
      });

      it('reads a category in $all order', async () => {
        const cat = category();
        await store.append(stream(cat), [event('X1')], 'no_stream');
        await store.append(stream(), [event('Other')], 'no_stream');
        await store.append(stream(cat), [event('X2')], 'no_stream');
        const events = await store.readCategory(cat);
        expect(events.map((e) => e.type)).toEqual(['X1', 'X2']);
        const rest = await store.readCategory(cat, { after: events[0].position });
        expect(rest.map((e) => e.type)).toEqual(['X2']);
      });
    });

    describe('hash chain', () => {
      it('chains each event of a stream to the one before: SHA-256 over the previous hash and the RFC 8785 form of type, data, metadata, stream and revision', async () => {
        const name = stream();
        await store.append(name, [event('A', { z: 1, a: 'é' }), event('B', { n: [2, { y: true, x: null }] })], 'no_stream');
        await store.append(name, [event('C', { amount: { currency: 'USD', amountMinor: 5 } })], 1);
        const first = chainHash(GENESIS_HASH, canonicalJson({ type: 'A', data: { z: 1, a: 'é' }, metadata, stream: name, revision: 0 }));
        const second = chainHash(first, canonicalJson({ type: 'B', data: { n: [2, { y: true, x: null }] }, metadata, stream: name, revision: 1 }));
        const third = chainHash(second, canonicalJson({ type: 'C', data: { amount: { currency: 'USD', amountMinor: 5 } }, metadata, stream: name, revision: 2 }));
        expect((await store.readStream(name)).map((e) => e.streamHash)).toEqual([first, second, third]);
      });

      it('keeps the chain out of the metadata it hands back', async () => {
        const name = stream();
        await store.append(name, [event('A')], 'no_stream');
        expect((await store.readStream(name))[0].metadata).toEqual(metadata);
      });

      it('verifies a stream: ok, every event checked, its last streamHash as the head', async () => {
        const name = stream();
        await store.append(name, [event('A'), event('B')], 'no_stream');
        await store.append(name, [event('C')], 1);
        const last = (await store.readStream(name, { direction: 'backwards', maxCount: 1 }))[0];
        expect(await store.verifyChain({ stream: name })).toEqual({ ok: true, checked: 3, firstMismatch: null, headHash: last.streamHash });
      });

      it('leaves the chain as it was when an append is retried', async () => {
        const name = stream();
        const events = [event('A'), event('B')];
        await store.append(name, events, 'no_stream');
        const before = (await store.readStream(name)).map((e) => e.streamHash);
        await store.append(name, events, 'no_stream');
        await store.append(name, [event('C')], 1);
        expect((await store.readStream(name)).map((e) => e.streamHash).slice(0, 2)).toEqual(before);
        expect((await store.verifyChain({ stream: name })).ok).toBe(true);
      });

      it('keeps one unbroken chain per stream and over the log under concurrent appends (racing revisions, many streams, any)', async () => {
        const contested = stream();
        const first = await store.append(contested, [event('A')], 'no_stream');
        const streams = Array.from({ length: 12 }, () => stream());
        const loose = stream();
        await Promise.allSettled([
          ...Array.from({ length: 8 }, () => store.append(contested, [event('B')], 0)),
          ...streams.map((name) => store.append(name, [event('X'), event('Y')], 'no_stream')),
          ...Array.from({ length: 6 }, () => store.append(loose, [event('Any')], 'any')),
        ]);
        const last = await store.append(contested, [event('C')], 1);
        const range = await store.verifyChain({ fromPosition: first.position, toPosition: last.position });
        expect(range).toMatchObject({ ok: true, firstMismatch: null });
        expect(range.checked).toBeGreaterThanOrEqual(2 + 12 * 2 + 6 + 1);
        expect((await Promise.all([contested, loose, ...streams].map((name) => store.verifyChain({ stream: name })))).filter((r) => !r.ok)).toEqual([]);
        expect((await store.readStream(loose)).map((e) => e.revision)).toEqual([0, 1, 2, 3, 4, 5]);
      });

      it('names the log hash a range starts from: the chain up to the event before it', async () => {
        const name = stream();
        const first = await store.append(name, [event('A')], 'no_stream');
        const second = await store.append(name, [event('B')], 0);
        const [a] = await store.readStream(name);
        const before = await store.logHashBefore(first.position);
        const between = await store.logHashBefore(second.position);
        expect(between).toBe(chainHash(before, canonicalJson({ type: a.type, data: a.data, metadata, stream: name, revision: 0 })));
      });
    });

    describe('snapshots (derived data beside the log)', () => {
      const snapshotOf = (name: string, revision: number, version = '1.abc') => ({ streamName: name, revision, version, data: `sum\n{"revision":${revision}}` });

      it('reads back the snapshot written for a stream, and none for a stream without one', async () => {
        const name = stream();
        await store.snapshotsFor([])!.write(snapshotOf(name, 3));
        expect(await store.snapshotsFor([])!.read(name)).toEqual(snapshotOf(name, 3));
        expect(await store.snapshotsFor([])!.read(stream())).toBeNull();
      });

      it('replaces a snapshot with a newer one of the stream', async () => {
        const name = stream();
        await store.snapshotsFor([])!.write(snapshotOf(name, 3));
        await store.snapshotsFor([])!.write(snapshotOf(name, 7));
        expect(await store.snapshotsFor([])!.read(name)).toEqual(snapshotOf(name, 7));
      });

      it('replaces a snapshot with one of another version, whatever its revision', async () => {
        const name = stream();
        await store.snapshotsFor([])!.write(snapshotOf(name, 7));
        await store.snapshotsFor([])!.write(snapshotOf(name, 3, '2.abc'));
        expect(await store.snapshotsFor([])!.read(name)).toEqual(snapshotOf(name, 3, '2.abc'));
      });

      it('keeps snapshots out of the log: no event, no position, the chain verified as before', async () => {
        const name = stream();
        await store.append(name, [event('A'), event('B')], 'no_stream');
        const last = await store.lastPosition();
        await store.snapshotsFor([])!.write(snapshotOf(name, 1));
        expect(await store.lastPosition()).toEqual(last);
        expect(await store.readAll({ after: last! })).toEqual([]);
        expect(await store.readStream(name)).toHaveLength(2);
        expect(await store.verifyChain({ stream: name })).toMatchObject({ ok: true, checked: 2 });
      });
    });

    describe('subscription to $all', () => {
      it('catches up from a position, then delivers new events live, in order', async () => {
        const cat = category();
        const name = stream(cat);
        const start = await store.append(name, [event('Before0')], 'no_stream');
        await store.append(name, [event('Before1'), event('Before2')], 0);
        const subscription = store.subscribeToAll({ after: start.position });
        const received: AllEvent[] = [];
        const done = (async () => {
          for await (const e of subscription) {
            if (e.streamName !== name) continue;
            received.push(e);
            if (received.length === 4) break;
          }
        })();
        await waitUntil(() => received.length >= 2);
        await store.append(name, [event('Live3')], 2);
        await store.append(name, [event('Live4')], 3);
        await done;
        await subscription.close();
        expect(received.map((e) => e.type)).toEqual(['Before1', 'Before2', 'Live3', 'Live4']);
        expect(received.map((e) => e.revision)).toEqual([1, 2, 3, 4]);
      });
    });

    describe('history queries (GET /audit/events)', () => {
      /** A generated history of its own: three streams of one category, two actors, two correlations, two types, two moments. */
      const cat = category();
      const [first, second, third] = [stream(cat), stream(cat), stream(cat)];
      const [alice, bob] = [`alice-${cat}`, `bob-${cat}`];
      const [flowA, flowB] = [`flow-a-${cat}`, `flow-b-${cat}`];
      const [opened, changed] = [`${cat}Opened`, `${cat}Changed`];
      const by = (userId: string, correlationId: string, type: string): EventToAppend => ({
        id: randomUUID(),
        type,
        data: {},
        metadata: { ...metadata, correlationId, actor: { userId, role: 'rep' } },
      });
      let between = '';
      const names = (events: readonly AllEvent[]): string[] => events.map((e) => `${e.streamName.slice(-4)}@${e.revision}`);
      const tag = (name: string, revision: number): string => `${name.slice(-4)}@${revision}`;

      beforeAll(async () => {
        await store.append(first, [by(alice, flowA, opened), by(alice, flowA, changed)], 'no_stream');
        await store.append(second, [by(bob, flowB, opened)], 'no_stream');
        await new Promise((resolve) => setTimeout(resolve, 20));
        between = new Date().toISOString();
        await new Promise((resolve) => setTimeout(resolve, 20));
        await store.append(third, [by(bob, flowA, opened)], 'no_stream');
        await store.append(second, [by(alice, flowB, changed)], 0);
      });

      it('narrows to one stream, newest first', async () => {
        const events = await store.readHistory({ stream: second, order: 'newest', maxCount: 10 });
        expect(names(events)).toEqual([tag(second, 1), tag(second, 0)]);
      });

      it('narrows to a category, oldest first', async () => {
        const events = await store.readHistory({ category: cat, order: 'oldest', maxCount: 10 });
        expect(names(events)).toEqual([tag(first, 0), tag(first, 1), tag(second, 0), tag(third, 0), tag(second, 1)]);
      });

      it('narrows to an event type', async () => {
        const events = await store.readHistory({ type: changed, order: 'oldest', maxCount: 10 });
        expect(names(events)).toEqual([tag(first, 1), tag(second, 1)]);
      });

      it("narrows to an actor (the metadata's actor.userId)", async () => {
        const events = await store.readHistory({ category: cat, actor: bob, order: 'oldest', maxCount: 10 });
        expect(names(events)).toEqual([tag(second, 0), tag(third, 0)]);
      });

      it('narrows to a correlation id', async () => {
        const events = await store.readHistory({ correlationId: flowA, order: 'oldest', maxCount: 10 });
        expect(names(events)).toEqual([tag(first, 0), tag(first, 1), tag(third, 0)]);
      });

      it('narrows to a recorded-time range', async () => {
        const [later, earlier] = await Promise.all([
          store.readHistory({ category: cat, from: between, order: 'oldest', maxCount: 10 }),
          store.readHistory({ category: cat, to: between, order: 'oldest', maxCount: 10 }),
        ]);
        expect([names(later), names(earlier)]).toEqual([
          [tag(third, 0), tag(second, 1)],
          [tag(first, 0), tag(first, 1), tag(second, 0)],
        ]);
      });

      it('combines filters with AND', async () => {
        const events = await store.readHistory({ category: cat, type: opened, correlationId: flowA, actor: bob, order: 'newest', maxCount: 10 });
        expect(names(events)).toEqual([tag(third, 0)]);
      });

      it('pages newest first by position: events appended between two pages neither shift nor repeat the next page', async () => {
        const paged = stream(category());
        await store.append(paged, [event('P0'), event('P1'), event('P2'), event('P3')], 'no_stream');
        const firstPage = await store.readHistory({ stream: paged, order: 'newest', maxCount: 2 });
        await store.append(paged, [event('P4'), event('P5')], 3);
        const secondPage = await store.readHistory({ stream: paged, order: 'newest', maxCount: 2, after: firstPage[1].position });
        const thirdPage = await store.readHistory({ stream: paged, order: 'newest', maxCount: 2, after: secondPage[1].position });
        expect([firstPage, secondPage, thirdPage].map((page) => page.map((e) => e.type))).toEqual([['P3', 'P2'], ['P1', 'P0'], []]);
      });

      it('pages oldest first by position: events appended between two pages come at the end', async () => {
        const paged = stream(category());
        await store.append(paged, [event('P0'), event('P1'), event('P2')], 'no_stream');
        const firstPage = await store.readHistory({ stream: paged, order: 'oldest', maxCount: 2 });
        await store.append(paged, [event('P3')], 2);
        const secondPage = await store.readHistory({ stream: paged, order: 'oldest', maxCount: 2, after: firstPage[1].position });
        expect([firstPage, secondPage].map((page) => page.map((e) => e.type))).toEqual([['P0', 'P1'], ['P2', 'P3']]);
      });
    });
  });
}

async function readAllFrom(store: EventStore, after: AllEvent['position']): Promise<AllEvent[]> {
  const events: AllEvent[] = [];
  let cursor = after;
  for (;;) {
    const page = await store.readAll({ after: cursor, maxCount: 500 });
    if (page.length === 0) return events;
    events.push(...page);
    cursor = page[page.length - 1].position;
  }
}

async function waitUntil(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
