import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Event, eventCodec, type Position, positionOf, SqliteEventStore } from '@ledger/event-sourcing';
import fc from 'fast-check';
import { Query } from 'mingo';
import {
  type CubeDefinition,
  type CubeQuery,
  type Document,
  DuplicateKeyError,
  measureKey,
  MongoReadStore,
  type ParkedEvent,
  ProcessApplier,
  processManagerOf,
  queryCube,
  type ReadModelWrite,
  type ReadStore,
  afterSortKey,
  type SortKeyValue,
  SqliteReadStore,
  timeKey,
} from '../../libs/read-store/src';
import { ScriptedMongoServer } from '../../libs/read-store/src/testing/scripted-mongodb';

type Opened = { store: ReadStore; dispose: () => Promise<void> };
/** `plans`: the store answers `explain` with its real query plan (the scripted server has none). */
type Adapter = { name: string; open: (() => Promise<Opened>) | null; plans?: false };

const adapters: Adapter[] = [
  {
    name: 'SQLite (embedded)',
    open: async () => {
      const dir = mkdtempSync(join(tmpdir(), 'read-store-contract-'));
      const store = new SqliteReadStore(join(dir, 'read-models.db'));
      return { store, dispose: async () => (await store.close(), rmSync(dir, { recursive: true, force: true })) };
    },
  },
  {
    name: 'MongoDB (scripted server, replica set)',
    plans: false,
    open: async () => {
      const server = new ScriptedMongoServer({ replicaSet: true });
      const store = await MongoReadStore.using(server.client(), 'sales');
      return { store, dispose: () => store.close() };
    },
  },
  {
    name: 'MongoDB',
    open: process.env.MONGODB_URL
      ? async () => {
          const store = await MongoReadStore.connect(process.env.MONGODB_URL as string);
          return { store, dispose: () => store.close() };
        }
      : null,
  },
];

// Unique per run so the suite can share a long-lived MongoDB with other data in it; reset at the end.
const run = randomUUID().replace(/-/g, '').slice(0, 10);
let counter = 0;
const names = (): { collection: string; projection: string } => {
  counter += 1;
  return { collection: `contract_${run}_${counter}`, projection: `contract-${run}-${counter}` };
};

type Deal = Document & {
  name: string;
  owner: string;
  stage: string;
  amount: number;
  probability: number;
  status: string;
  address: { city: string; country: string };
};

const deals: Omit<Deal, '_id'>[] = [
  {
    name: 'Acme rollout',
    owner: 'ann',
    stage: 'lead',
    amount: 100,
    probability: 10,
    status: 'open',
    address: { city: 'Oslo', country: 'NO' },
  },
  {
    name: 'ACME renewal',
    owner: 'bob',
    stage: 'proposal',
    amount: 250,
    probability: 50,
    status: 'open',
    address: { city: 'Bergen', country: 'NO' },
  },
  {
    name: 'Globex pilot',
    owner: 'ann',
    stage: 'proposal',
    amount: 400,
    probability: 60,
    status: 'open',
    address: { city: 'Lyon', country: 'FR' },
  },
  {
    name: 'Initech deal',
    owner: 'cid',
    stage: 'won',
    amount: 500,
    probability: 100,
    status: 'won',
    address: { city: 'Paris', country: 'FR' },
  },
  {
    name: 'Umbrella',
    owner: 'bob',
    stage: 'lost',
    amount: 50,
    probability: 0,
    status: 'lost',
    address: { city: 'Rome', country: 'IT' },
  },
];

const at = (sequence: number): Position => positionOf(sequence);
const upsert = (collection: string, id: string, update: Record<string, unknown>): ReadModelWrite => ({
  op: 'upsert',
  collection,
  id,
  update,
});
const ids = (documents: readonly { _id: unknown }[]): unknown[] => documents.map((document) => document._id);

/** Every document of a collection one at a time in keyset order on (field, _id), each page asked for after the last one. */
async function keysetPages(store: ReadStore, collection: string, field: string, direction: 1 | -1): Promise<unknown[]> {
  const seen: unknown[] = [];
  for (let last: Document | undefined, guard = 0; guard < 50; guard += 1) {
    const filter = last ? afterSortKey(field, direction, (last[field] ?? null) as SortKeyValue, last._id as string) : {};
    [last] = await store.find(collection, filter, { sort: { [field]: direction, _id: direction }, limit: 1 });
    if (!last) return seen;
    seen.push(last._id);
  }
  throw new Error('keyset paging did not end');
}

for (const adapter of adapters) {
  const open = adapter.open;
  if (!open) {
    describe(`ReadStore contract on ${adapter.name}`, () => {
      it('is skipped: set MONGODB_URL to run it against a real MongoDB', () => {
        console.warn(`ReadStore contract on ${adapter.name}: SKIPPED (MONGODB_URL is not set)`);
        expect(process.env.MONGODB_URL).toBeFalsy();
      });
    });
    continue;
  }

  describe(`ReadStore contract on ${adapter.name}`, () => {
    let store: ReadStore;
    let dispose: () => Promise<void>;
    const used: { collection: string; projection: string }[] = [];
    const fresh = () => {
      const named = names();
      used.push(named);
      return named;
    };

    beforeAll(async () => ({ store, dispose } = await open()));
    afterAll(async () => {
      for (const { collection, projection } of used) await store.reset(projection, [collection]);
      await dispose();
    });

    describe('queries', () => {
      const { collection, projection } = fresh();
      beforeAll(() =>
        store.commit(
          projection,
          deals.map((deal, index) => upsert(collection, `d${index + 1}`, { $set: deal })),
          at(1),
        ),
      );

      it('finds with $eq, $in, $gte/$lt and a case-insensitive $regex', async () => {
        expect(ids(await store.find(collection, { owner: 'ann' }, { sort: { _id: 1 } }))).toEqual(['d1', 'd3']);
        expect(ids(await store.find(collection, { stage: { $in: ['lead', 'won'] } }, { sort: { _id: 1 } }))).toEqual([
          'd1',
          'd4',
        ]);
        expect(ids(await store.find(collection, { amount: { $gte: 100, $lt: 500 } }, { sort: { _id: 1 } }))).toEqual([
          'd1',
          'd2',
          'd3',
        ]);
        const acme = await store.find(collection, { name: { $regex: '^acme', $options: 'i' } }, { sort: { _id: 1 } });
        expect(ids(acme)).toEqual(['d1', 'd2']);
        expect(await store.find(collection, { 'address.country': 'IT' })).toEqual([{ _id: 'd5', ...deals[4] }]);
      });

      it('explains a sorted page as a walk of the index declared for its order (no scan, no sort of every match)', async () => {
        await store.ensureIndexes(collection, [{ fields: { amount: 1, _id: 1 } }]);
        if (adapter.plans === false) {
          await expect(store.explain(collection, {}, { sort: { amount: -1, _id: -1 }, limit: 2 })).rejects.toThrow('Query plans are not scripted');
          return;
        }
        expect(await store.explain(collection, {}, { sort: { amount: -1, _id: -1 }, limit: 2 })).toEqual({ index: 'amount_1__id_1', kind: 'walk', ordered: true, scanned: false });
      });

      it('sorts, skips and limits', async () => {
        expect(ids(await store.find(collection, {}, { sort: { amount: -1 }, skip: 1, limit: 2 }))).toEqual([
          'd3',
          'd2',
        ]);
        expect(ids(await store.find(collection, {}, { sort: { owner: 1, amount: -1 } }))).toEqual([
          'd3',
          'd1',
          'd2',
          'd5',
          'd4',
        ]);
      });

      it('projects fields in and out, nested ones too', async () => {
        const included = await store.find(collection, { _id: 'd1' }, { projection: { name: 1, 'address.city': 1 } });
        expect(included).toEqual([{ _id: 'd1', name: 'Acme rollout', address: { city: 'Oslo' } }]);
        const excluded = await store.find(collection, { _id: 'd1' }, { projection: { name: 0, 'address.city': 0 } });
        expect(excluded).toEqual([
          {
            _id: 'd1',
            owner: 'ann',
            stage: 'lead',
            amount: 100,
            probability: 10,
            status: 'open',
            address: { country: 'NO' },
          },
        ]);
        expect(await store.findOne(collection, { _id: 'd1' })).toEqual({ _id: 'd1', ...deals[0] });
      });

      it('finds by a list of ids, with any other condition still applied', async () => {
        const byIds = await store.find<Deal>(collection, { _id: { $in: ['d4', 'd1', 'missing', 'd1'] } }, { sort: { _id: 1 } });
        expect(byIds.map((deal) => deal._id)).toEqual(['d1', 'd4']);
        const narrowed = await store.find<Deal>(collection, { _id: { $in: ['d1', 'd4'] }, owner: 'cid' });
        expect(narrowed.map((deal) => deal._id)).toEqual(['d4']);
      });

      it('finds one or none, and counts', async () => {
        expect(await store.findOne<Deal>(collection, { owner: 'cid' })).toEqual({ _id: 'd4', ...deals[3] });
        expect(await store.findOne(collection, { owner: 'nobody' })).toBeNull();
        expect(await store.findOne('contract_missing_collection', {})).toBeNull();
        expect(await store.count(collection)).toBe(5);
        expect(await store.count(collection, { status: 'open', amount: { $gt: 100 } })).toBe(2);
      });

      it('aggregates with $match, $group ($sum, $multiply, $cond) and $sort', async () => {
        const rows = await store.aggregate(collection, [
          { $match: { status: { $ne: 'lost' } } },
          {
            $group: {
              _id: '$owner',
              deals: { $sum: 1 },
              total: { $sum: '$amount' },
              weightedTimes100: { $sum: { $multiply: ['$amount', '$probability'] } },
              won: { $sum: { $cond: [{ $eq: ['$status', 'won'] }, '$amount', 0] } },
            },
          },
          { $sort: { total: -1, _id: 1 } },
        ]);
        expect(rows).toEqual([
          { _id: 'ann', deals: 2, total: 500, weightedTimes100: 25000, won: 0 },
          { _id: 'cid', deals: 1, total: 500, weightedTimes100: 50000, won: 500 },
          { _id: 'bob', deals: 1, total: 250, weightedTimes100: 12500, won: 0 },
        ]);
      });

      it('hands out copies: changing a result or running a writing stage leaves the stored documents alone', async () => {
        const [found] = await store.find<Deal>(collection, { _id: 'd2' });
        found.address.city = 'changed';
        found.amount = -1;
        const one = await store.findOne<Deal>(collection, { _id: 'd2' });
        (one as Deal).address.country = 'changed';
        const staged = await store.aggregate<Deal>(collection, [
          { $match: { _id: 'd2' } },
          { $set: { 'address.city': 'Staged' } },
          { $project: { 'address.country': 0 } },
        ]);
        expect(staged).toEqual([{ ...deals[1], _id: 'd2', address: { city: 'Staged' } }]);
        const [grouped] = await store.aggregate<{ all: Deal[] }>(collection, [
          { $match: { _id: 'd2' } },
          { $group: { _id: null, all: { $push: '$$ROOT' } } },
        ]);
        grouped.all[0].address.city = 'changed';
        expect(await store.findOne(collection, { _id: 'd2' })).toEqual({ _id: 'd2', ...deals[1] });
      });

      it('accepts indexes', async () => {
        await store.ensureIndexes(collection, [{ fields: { owner: 1, amount: -1 } }, { fields: { stage: 1 } }]);
        expect(await store.count(collection, { owner: 'bob' })).toBe(2);
      });
    });

    describe('writes', () => {
      it('upserts: creates with $set/$inc/$push/$setOnInsert, then updates without re-inserting', async () => {
        const { collection, projection } = fresh();
        const change = (tag: string) =>
          upsert(collection, 'a', {
            $set: { status: tag },
            $inc: { 'stats.events': 1 },
            $push: { history: tag },
            $setOnInsert: { createdWith: tag },
          });
        await store.commit(projection, [change('first')], at(1));
        expect(await store.findOne(collection, { _id: 'a' })).toEqual({
          _id: 'a',
          status: 'first',
          stats: { events: 1 },
          history: ['first'],
          createdWith: 'first',
        });
        await store.commit(projection, [change('second'), change('third')], at(2));
        expect(await store.findOne(collection, { _id: 'a' })).toEqual({
          _id: 'a',
          status: 'third',
          stats: { events: 3 },
          history: ['first', 'second', 'third'],
          createdWith: 'first',
        });
      });

      it('records writes outside every projection: applied, with no checkpoint, and kept by a projection reset', async () => {
        const { collection, projection } = fresh();
        const before = (await store.listCheckpoints()).length;
        await store.record([upsert(collection, 'k', { $max: { lastUsedAt: '2026-11-28T10:00:00.000Z' } })]);
        await store.record([upsert(collection, 'k', { $max: { lastUsedAt: '2026-11-28T09:00:00.000Z' } })]);
        await store.reset(projection, []);
        expect(await store.findOne(collection, { _id: 'k' })).toEqual({ _id: 'k', lastUsedAt: '2026-11-28T10:00:00.000Z' });
        expect((await store.listCheckpoints()).length).toBe(before);
      });

      it('applies the other operators: $unset, $addToSet, $pull, $min, $max, $push with $each', async () => {
        const { collection, projection } = fresh();
        await store.commit(
          projection,
          [upsert(collection, 'b', { $set: { tags: ['x'], low: 5, high: 5, gone: true } })],
          at(1),
        );
        await store.commit(
          projection,
          [
            upsert(collection, 'b', {
              $addToSet: { tags: 'y' },
              $min: { low: 3 },
              $max: { high: 9 },
              $unset: { gone: '' },
            }),
            upsert(collection, 'b', { $addToSet: { tags: 'y' }, $min: { low: 4 }, $max: { high: 7 } }),
            upsert(collection, 'b', { $push: { tags: { $each: ['z', 'w'] } } }),
            upsert(collection, 'b', { $pull: { tags: 'x' } }),
          ],
          at(2),
        );
        expect(await store.findOne(collection, { _id: 'b' })).toEqual({
          _id: 'b',
          tags: ['y', 'z', 'w'],
          low: 3,
          high: 9,
        });
      });

      it('adds a scalar to a set once, creating the array, beside $set (the fast path)', async () => {
        const { collection, projection } = fresh();
        await store.commit(
          projection,
          [
            upsert(collection, 's', { $set: { name: 'n' }, $addToSet: { ids: 'a' } }),
            upsert(collection, 's', { $addToSet: { ids: 'b', nums: 1 } }),
            upsert(collection, 's', { $addToSet: { ids: 'a', nums: 1 } }),
          ],
          at(1),
        );
        expect(await store.findOne(collection, { _id: 's' })).toEqual({ _id: 's', name: 'n', ids: ['a', 'b'], nums: [1] });
        await expect(store.commit(projection, [upsert(collection, 's', { $addToSet: { name: 'x' } })], at(2))).rejects.toThrow();
        expect(await store.readCheckpoint(projection)).toEqual(at(1));
      });

      it('keeps commits sent together apart: a refused one fails alone, the others land with their checkpoints', async () => {
        const good = fresh();
        const bad = fresh();
        const landed = store.commit(good.projection, [upsert(good.collection, 'g', { $set: { n: 1 } })], at(3));
        const refused = store.commit(bad.projection, [upsert(bad.collection, 'b', { $set: { name: 'x' } }), upsert(bad.collection, 'b', { $inc: { name: 1 } })], at(3));
        await expect(refused).rejects.toThrow();
        await landed;
        expect(await store.findOne(good.collection, { _id: 'g' })).toEqual({ _id: 'g', n: 1 });
        expect(await store.readCheckpoint(good.projection)).toEqual(at(3));
        expect(await store.findOne(bad.collection, { _id: 'b' })).toBeNull();
        expect(await store.readCheckpoint(bad.projection)).toBeNull();
      });

      it('refuses an update that MongoDB refuses, and the commit with it', async () => {
        const { collection, projection } = fresh();
        await store.commit(projection, [upsert(collection, 'c', { $set: { name: 'text' } })], at(1));
        await expect(
          store.commit(projection, [upsert(collection, 'c', { $inc: { name: 1 } })], at(2)),
        ).rejects.toThrow();
        expect(await store.findOne(collection, { _id: 'c' })).toEqual({ _id: 'c', name: 'text' });
        expect(await store.readCheckpoint(projection)).toEqual(at(1));
      });

      it('guards: the same or a lower value changes nothing, a higher one applies', async () => {
        const { collection, projection } = fresh();
        const guarded = (revision: number, status: string): ReadModelWrite => ({
          op: 'upsert',
          collection,
          id: 'g',
          update: { $set: { status }, $inc: { applied: 1 }, $push: { seen: revision } },
          guard: { field: 'revision', value: revision },
        });
        await store.commit(projection, [guarded(1, 'one')], at(1));
        await store.commit(projection, [guarded(1, 'one again'), guarded(0, 'zero')], at(2));
        expect(await store.findOne(collection, { _id: 'g' })).toEqual({
          _id: 'g',
          status: 'one',
          applied: 1,
          seen: [1],
          revision: 1,
        });
        await store.commit(projection, [guarded(3, 'three'), guarded(2, 'two')], at(3));
        expect(await store.findOne(collection, { _id: 'g' })).toEqual({
          _id: 'g',
          status: 'three',
          applied: 2,
          seen: [1, 3],
          revision: 3,
        });
      });

      it('changes nothing when a whole commit of guarded writes is replayed', async () => {
        const { collection, projection } = fresh();
        const batch: ReadModelWrite[] = [1, 2, 3].flatMap((revision) =>
          ['p', 'q'].map((id) => ({
            op: 'upsert' as const,
            collection,
            id,
            update: { $inc: { total: revision * 10 }, $push: { events: revision }, $setOnInsert: { opened: revision } },
            guard: { field: 'rev', value: revision },
          })),
        );
        await store.commit(projection, batch, at(3));
        const once = await store.find(collection, {}, { sort: { _id: 1 } });
        expect(once).toEqual([
          { _id: 'p', total: 60, events: [1, 2, 3], opened: 1, rev: 3 },
          { _id: 'q', total: 60, events: [1, 2, 3], opened: 1, rev: 3 },
        ]);
        await store.commit(projection, batch, at(3));
        await store.commit(projection, batch.slice(2), at(3));
        expect(await store.find(collection, {}, { sort: { _id: 1 } })).toEqual(once);
      });

      it('updates many and deletes many by filter, in order with the other writes', async () => {
        const { collection, projection } = fresh();
        await store.commit(
          projection,
          [
            ...deals.map((deal, index) => upsert(collection, `d${index + 1}`, { $set: deal })),
            {
              op: 'updateMany',
              collection,
              filter: { owner: 'bob' },
              update: { $set: { owner: 'dan' }, $inc: { amount: 1 } },
            },
            { op: 'deleteMany', collection, filter: { status: 'lost' } },
            upsert(collection, 'd6', { $set: { owner: 'dan', amount: 7 } }),
          ],
          at(1),
        );
        const dan = await store.find(collection, { owner: 'dan' }, { sort: { _id: 1 }, projection: { amount: 1 } });
        expect(dan).toEqual([
          { _id: 'd2', amount: 251 },
          { _id: 'd6', amount: 7 },
        ]);
        await store.commit(projection, [{ op: 'deleteMany', collection, filter: {} }], at(2));
        expect(await store.count(collection)).toBe(0);
      });

      it('enforces a unique index', async () => {
        const { collection, projection } = fresh();
        await store.ensureIndexes(collection, [{ fields: { email: 1 }, unique: true }]);
        await store.commit(projection, [upsert(collection, 'u1', { $set: { email: 'a@example.com' } })], at(1));
        await expect(
          store.commit(projection, [upsert(collection, 'u2', { $set: { email: 'a@example.com' } })], at(2)),
        ).rejects.toThrow(DuplicateKeyError);
        expect(ids(await store.find(collection, { email: 'a@example.com' }))).toEqual(['u1']);
      });

      it('leaves documents missing a field of a unique index out of it: they never collide', async () => {
        const { collection, projection } = fresh();
        await store.ensureIndexes(collection, [{ fields: { email: 1 }, unique: true }, { fields: { team: 1, code: 1 }, unique: true }]);
        await store.commit(projection, [upsert(collection, 'n1', { $set: { name: 'one', team: 't' } }), upsert(collection, 'n2', { $set: { name: 'two', team: 't' } })], at(1));
        await store.commit(projection, [upsert(collection, 'n3', { $set: { email: 'c@example.com', team: 't', code: 'x' } })], at(2));
        await expect(store.commit(projection, [upsert(collection, 'n4', { $set: { team: 't', code: 'x' } })], at(3))).rejects.toThrow(DuplicateKeyError);
        expect(ids(await store.find(collection, { team: 't' }, { sort: { _id: 1 } }))).toEqual(['n1', 'n2', 'n3']);
      });
    });

    describe('cubes: totals kept with their facts, in the same commit', () => {
      type Fact = Document & { _rev: number; owner: string; product: string | null; tags: string[]; closedOn: string | null; amount: number; status: string };
      const OWNERS = ['ann', 'bob', 'cid'];
      const PRODUCTS = ['p1', 'p2', null];
      const DATES = ['2016-12-31', '2017-01-01', '2017-01-15', '2017-02-28', '2017-03-01', '2017-06-30', '2017-12-31', '2018-01-02', null];
      const cubeOn = (source: string): CubeDefinition => ({
        name: `${source}_cube`,
        source,
        dateField: 'closedOn',
        fixed: ['status'],
        cuboids: [[], ['owner'], ['product'], ['owner', 'product'], ['owner', 'product', 'tags']],
        multiValued: ['tags'],
        measure: (fact) =>
          fact.status === 'gone' ? null : { date: fact.closedOn as string | null, dims: { status: fact.status as string, owner: fact.owner as string, product: fact.product as string | null, tags: fact.tags as string[] }, sums: { amount: fact.amount as number, [measureKey('size', (fact.amount as number) % 3)]: 1 } },
      });

      /** What the cube must answer, computed from the facts themselves by brute force. */
      const expected = (cube: CubeDefinition, facts: readonly Fact[], query: CubeQuery) => {
        const groupBy = query.groupBy ?? [];
        const grain = groupBy.find((key) => ['month', 'quarter', 'year'].includes(key)) as 'month' | 'quarter' | 'year' | undefined;
        const dims = groupBy.filter((key) => key !== grain);
        const needed = [...new Set([...dims, ...Object.keys(query.where ?? {})])];
        const dated = grain !== undefined || query.from !== undefined || query.to !== undefined;
        const rows = new Map<string, { key: Record<string, string | null>; n: number; s: Record<string, number> }>();
        for (const fact of facts) {
          const measure = cube.measure(fact);
          if (measure === null) continue;
          if (dated && (fact.closedOn === null || (query.from !== undefined && fact.closedOn < query.from) || (query.to !== undefined && fact.closedOn > query.to))) continue;
          let tuples: Record<string, string | null>[] = [{}];
          for (const dim of needed) {
            const value = measure.dims[dim];
            const options = Array.isArray(value) ? [...new Set(value as string[])] : [(value ?? null) as string | null];
            tuples = tuples.flatMap((tuple) => options.map((option) => ({ ...tuple, [dim]: option })));
          }
          for (const tuple of tuples) {
            if (!Object.entries(query.where ?? {}).every(([dim, allowed]) => allowed.includes(tuple[dim]))) continue;
            const key: Record<string, string | null> = Object.fromEntries(dims.map((dim) => [dim, tuple[dim]]));
            if (grain) key[grain] = timeKey(fact.closedOn!, grain);
            const id = JSON.stringify(key);
            const row = rows.get(id) ?? { key, n: 0, s: {} };
            row.n += 1;
            for (const [name, value] of Object.entries(measure.sums)) row.s[name] = (row.s[name] ?? 0) + value;
            rows.set(id, row);
          }
        }
        return [...rows.values()];
      };
      const sorted = <T extends { key: Record<string, unknown> }>(rows: T[]) =>
        rows
          .map((row) => ({ ...row, s: Object.fromEntries(Object.entries((row as unknown as { s: Record<string, number> }).s).filter(([, v]) => v !== 0)) }))
          .sort((a, b) => JSON.stringify(a.key).localeCompare(JSON.stringify(b.key)));

      const factArbitrary = fc.record({
        owner: fc.constantFrom(...OWNERS),
        product: fc.constantFrom(...PRODUCTS),
        tags: fc.subarray(['x', 'y', 'z']),
        closedOn: fc.constantFrom(...DATES),
        amount: fc.integer({ min: 0, max: 1000 }),
        status: fc.constantFrom('won', 'lost', 'gone'),
      });
      const writeArbitrary = fc.oneof(
        fc.record({ kind: fc.constant('upsert' as const), id: fc.integer({ min: 1, max: 6 }), fact: factArbitrary, stale: fc.boolean() }),
        fc.record({ kind: fc.constant('reassign' as const), from: fc.constantFrom(...OWNERS), to: fc.constantFrom(...OWNERS) }),
        fc.record({ kind: fc.constant('delete' as const), id: fc.integer({ min: 1, max: 6 }) }),
      );
      const queryArbitrary: fc.Arbitrary<CubeQuery> = fc.record(
        {
          from: fc.constantFrom(...DATES.filter((d) => d !== null), '2017-01-31'),
          to: fc.constantFrom(...DATES.filter((d) => d !== null), '2017-02-01'),
          where: fc.record({ owner: fc.subarray(OWNERS, { minLength: 1 }), product: fc.subarray(PRODUCTS, { minLength: 1 }), tags: fc.subarray(['x', 'y'], { minLength: 1 }), status: fc.subarray(['won', 'lost'], { minLength: 1 }) }, { requiredKeys: [] }),
          groupBy: fc.subarray(['owner', 'product', 'tags', 'status']).chain((dims) => fc.constantFrom([...dims], [...dims, 'month'], [...dims, 'quarter'], [...dims, 'year'])),
        },
        { requiredKeys: [] },
      );

      it('answers every query as the facts themselves would, through upserts, stale redeliveries, updateMany and deletes', async () => {
        await fc.assert(
          fc.asyncProperty(fc.array(fc.array(writeArbitrary, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 8 }), fc.array(queryArbitrary, { minLength: 6, maxLength: 6 }), async (commits, queries) => {
            const { collection, projection } = fresh();
            const cube = cubeOn(collection);
            await store.registerCubes([cube]);
            const revisions = new Map<number, number>();
            let position = 0;
            for (const writes of commits) {
              const batch: ReadModelWrite[] = writes.map((write) => {
                if (write.kind === 'reassign') return { op: 'updateMany', collection, filter: { owner: write.from }, update: { $set: { owner: write.to } } };
                if (write.kind === 'delete') return { op: 'deleteMany', collection, filter: { _id: `f${write.id}` } };
                const revision = (revisions.get(write.id) ?? -1) + (write.stale ? 0 : 1);
                revisions.set(write.id, Math.max(revision, revisions.get(write.id) ?? -1));
                return { op: 'upsert', collection, id: `f${write.id}`, update: { $set: write.fact }, guard: { field: '_rev', value: revision } };
              });
              position += 1;
              await store.commit(projection, batch, at(position));
            }
            const facts = await store.find<Fact>(collection);
            for (const query of queries) {
              const usable = { ...query, where: query.where && Object.keys(query.where).length > 0 ? query.where : undefined };
              expect(sorted(await queryCube(store, cube, usable))).toEqual(sorted(expected(cube, facts, usable)));
            }
            const allTime = await queryCube(store, cube, { groupBy: ['owner'] });
            expect(allTime.reduce((sum, row) => sum + row.n, 0)).toBe(facts.filter((fact) => fact.status !== 'gone').length);
          }),
          { numRuns: 25 },
        );
      });

      it('answers combinations no cuboid keeps from the facts, through their indexes, as the facts themselves would', async () => {
        await fc.assert(
          fc.asyncProperty(fc.array(factArbitrary, { minLength: 1, maxLength: 25 }), fc.array(queryArbitrary, { minLength: 6, maxLength: 6 }), async (facts, queries) => {
            const { collection, projection } = fresh();
            const coarse: CubeDefinition = { ...cubeOn(collection), name: `${collection}_coarse`, cuboids: [[], ['owner'], ['product']], factFields: { status: 'status', owner: 'owner', product: 'product', tags: 'tags' } };
            await store.registerCubes([coarse]);
            await store.commit(projection, facts.map((fact, index) => upsert(collection, `f${index}`, { $set: fact })), at(1));
            const stored = await store.find<Fact>(collection);
            for (const query of queries) {
              const usable = { ...query, where: query.where && Object.keys(query.where).length > 0 ? query.where : undefined };
              expect(sorted(await queryCube(store, coarse, usable))).toEqual(sorted(expected(coarse, stored, usable)));
            }
          }),
          { numRuns: 25 },
        );
      });

      it('leaves facts and totals as they were when a commit fails', async () => {
        const { collection, projection } = fresh();
        const cube = cubeOn(collection);
        await store.registerCubes([cube]);
        const fact = { owner: 'ann', product: 'p1', tags: [], closedOn: '2017-03-01', amount: 10, status: 'won' };
        await store.commit(projection, [upsert(collection, 'f1', { $set: fact })], at(1));
        await expect(
          store.commit(projection, [upsert(collection, 'f1', { $set: { amount: 20 } }), upsert(collection, 'f1', { $inc: { owner: 1 } })], at(2)),
        ).rejects.toThrow();
        expect(await queryCube(store, cube, { groupBy: ['owner'] })).toEqual([{ key: { owner: 'ann' }, n: 1, s: { amount: 10, [measureKey('size', 1)]: 1 } }]);
        expect(await store.readCheckpoint(projection)).toEqual(at(1));
      });

      it('joins on write: copies fields of another document as the commit has it, null when it is missing', async () => {
        const { collection, projection } = fresh();
        const accounts = fresh().collection;
        await store.commit(
          projection,
          [
            upsert(accounts, 'a1', { $set: { sector: 'retail' } }),
            { op: 'upsert', collection, id: 'd1', update: { $set: { account: 'a1' } }, copy: { from: accounts, id: 'a1', fields: { sector: 'sector' } } },
            { op: 'upsert', collection, id: 'd2', update: { $set: { account: 'a2' } }, copy: { from: accounts, id: 'a2', fields: { sector: 'sector' } } },
          ],
          at(1),
        );
        expect(await store.find(collection, {}, { sort: { _id: 1 } })).toEqual([
          { _id: 'd1', account: 'a1', sector: 'retail' },
          { _id: 'd2', account: 'a2', sector: null },
        ]);
      });

      it('pages in keyset order on a field some documents have no value of (null first ascending, last descending)', async () => {
        const { collection, projection } = fresh();
        const amounts: Record<string, number | null> = { d1: 5, d2: null, d3: 9, d4: 5, d5: null, d6: 1 };
        await store.commit(projection, Object.entries(amounts).map(([id, amount]) => upsert(collection, id, { $set: { amount } })), at(1));
        expect(await keysetPages(store, collection, 'amount', 1)).toEqual(['d2', 'd5', 'd6', 'd1', 'd4', 'd3']);
        expect(await keysetPages(store, collection, 'amount', -1)).toEqual(['d3', 'd4', 'd1', 'd6', 'd5', 'd2']);
      });

      it('joins on write from several documents: each named source, in order, null for a missing one', async () => {
        const { collection, projection } = fresh();
        const accounts = fresh().collection;
        const people = fresh().collection;
        await store.commit(
          projection,
          [
            upsert(accounts, 'a1', { $set: { name: 'Acme' } }),
            upsert(people, 'ann', { $set: { name: 'Ann Lee' } }),
            {
              op: 'upsert',
              collection,
              id: 'd1',
              update: { $set: { account: 'a1', owner: 'ann' } },
              copy: [
                { from: accounts, id: 'a1', fields: { accountName: 'name' } },
                { from: people, id: 'ann', fields: { ownerName: 'name' } },
              ],
            },
            {
              op: 'upsert',
              collection,
              id: 'd2',
              update: { $set: { account: 'a1', owner: 'bob' } },
              copy: [
                { from: accounts, id: 'a1', fields: { accountName: 'name' } },
                { from: people, id: 'bob', fields: { ownerName: 'name' } },
              ],
            },
          ],
          at(1),
        );
        expect(await store.find(collection, {}, { sort: { _id: 1 } })).toEqual([
          { _id: 'd1', account: 'a1', owner: 'ann', accountName: 'Acme', ownerName: 'Ann Lee' },
          { _id: 'd2', account: 'a1', owner: 'bob', accountName: 'Acme', ownerName: null },
        ]);
      });

      it('finds through declared indexes exactly what a scan finds', async () => {
        const { collection, projection } = fresh();
        await store.ensureIndexes(collection, [{ fields: { owner: 1 } }, { fields: { closedOn: 1 } }, { fields: { tags: 1 } }, { fields: { amount: 1 } }, { fields: { product: 1 } }, { fields: { status: 1 } }]);
        const documents = fc.sample(factArbitrary, { numRuns: 60, seed: 7 }).map((fact, index) => ({ _id: `i${index}`, ...fact }));
        await store.commit(projection, documents.map(({ _id, ...fact }) => upsert(collection, _id, { $set: fact })), at(1));
        const filters: Record<string, unknown>[] = [
          { owner: 'ann' },
          { owner: { $in: ['ann', 'cid'] }, closedOn: { $gte: '2017-01-01', $lte: '2017-06-30' } },
          { closedOn: null },
          { tags: 'x' },
          { tags: { $in: ['x', 'y'] } },
          { amount: { $gt: 200, $lte: 700 } },
          { owner: 'bob', amount: { $lt: 500 }, status: 'won' },
          { owner: 'ann', closedOn: { $gte: '2017-01-01', $lte: '2017-06-30' }, product: { $in: ['p1', null] } },
          { tags: 'x', owner: { $in: ['bob', 'cid'] } },
          { product: null, status: 'won' },
          { status: { $in: ['won', 'lost'] }, amount: { $gte: 100 }, name: { $exists: false } },
        ];
        for (const filter of filters) {
          const query = new Query(filter);
          const scanned = documents.filter((document) => query.test(document)).map((document) => document._id).sort();
          expect(ids(await store.find(collection, filter, { sort: { _id: 1 } }))).toEqual(scanned);
        }
      });
    });

    describe('checkpoints, parked events and reset', () => {
      it('round-trips positions beyond 2^53 and lists checkpoints', async () => {
        const { projection } = fresh();
        expect(await store.readCheckpoint(projection)).toBeNull();
        const big: Position = { commit: 9007199254740993n, prepare: 9007199254740991n };
        await store.commit(projection, [], at(5));
        await store.commit(projection, [], big);
        expect(await store.readCheckpoint(projection)).toEqual(big);
        const record = (await store.listCheckpoints()).find((checkpoint) => checkpoint.projection === projection);
        expect(record?.position).toEqual(big);
        expect(Number.isNaN(Date.parse(record?.updatedAt ?? ''))).toBe(false);
      });

      it('parks events per projection, a re-parked event replacing its entry', async () => {
        const { projection } = fresh();
        const other = fresh().projection;
        const parked = (target: string, eventId: string, attempts: number, second: number): ParkedEvent => ({
          projection: target,
          eventId,
          streamName: `opportunity-${eventId}`,
          revision: 2,
          type: 'OpportunityWon',
          position: { commit: 2n ** 60n + BigInt(second), prepare: 2n ** 60n },
          error: 'boom',
          attempts,
          parkedAt: `2026-01-01T00:00:0${second}.000Z`,
        });
        await store.park(parked(projection, 'e1', 3, 1));
        await store.park(parked(other, 'e2', 3, 2));
        await store.park(parked(projection, 'e3', 3, 3));
        await store.park(parked(projection, 'e1', 5, 4));
        expect(await store.listParked(projection)).toEqual([
          parked(projection, 'e3', 3, 3),
          parked(projection, 'e1', 5, 4),
        ]);
        const all = await store.listParked();
        expect(all.filter((event) => event.projection === projection || event.projection === other)).toHaveLength(3);
      });

      it('unparks one event of one projection, leaving its other parked events and the same event parked elsewhere', async () => {
        const { projection } = fresh();
        const other = fresh().projection;
        const parked = (target: string, eventId: string): ParkedEvent => ({
          projection: target,
          eventId,
          streamName: `order-${eventId}`,
          revision: 0,
          type: 'OrderApproved',
          position: at(3),
          error: 'boom',
          attempts: 3,
          parkedAt: '2026-01-01T00:00:00.000Z',
        });
        await store.park(parked(projection, 'e1'));
        await store.park(parked(projection, 'e2'));
        await store.park(parked(other, 'e1'));
        await store.unpark(projection, 'e1');
        await store.unpark(projection, 'never-parked');
        expect(await store.listParked(projection)).toEqual([parked(projection, 'e2')]);
        expect(await store.listParked(other)).toEqual([parked(other, 'e1')]);
      });

      it('retries a parked process event after the fault is gone: its command acts once and the event leaves the parked list', async () => {
        const { projection: name } = fresh();
        const log = new SqliteEventStore(':memory:');
        type Noted = Event<'Noted', { n: number }>;
        const process = processManagerOf({ name, events: eventCodec<Noted>({ Noted: 1 }), on: ['Noted'], react: (event) => [{ n: event.data.n }] });
        const acted: unknown[] = [];
        let failing = true;
        const execute = async (command: unknown): Promise<void> => {
          if (failing) throw new Error('store briefly unavailable');
          acted.push(command);
        };
        const metadata = { commandId: 'c1', correlationId: 'c1', causationId: 'c1', actor: { userId: 'u', role: 'rep' as const }, occurredAt: '2027-01-01T00:00:00.000Z', schemaVersion: 1 };
        await log.append('note-1', [{ id: randomUUID(), type: 'Noted', data: { n: 1 }, metadata }], 'no_stream');
        const [event] = await log.readAll();
        const applier = new ProcessApplier(store, process, execute, { retryDelayMs: 1, maxAttempts: 2 });
        await applier.apply([event]);
        expect((await store.listParked(name)).map((parked) => parked.eventId)).toEqual([event.id]);
        failing = false;
        expect(await applier.retry(event)).toBe(true);
        expect(acted).toEqual([{ n: 1 }]);
        expect(await store.listParked(name)).toEqual([]);
        log.close();
      });

      it('resets a projection: documents, indexes, checkpoint and parked events, nothing else', async () => {
        const { collection, projection } = fresh();
        const neighbour = fresh();
        await store.ensureIndexes(collection, [{ fields: { key: 1 }, unique: true }]);
        await store.commit(projection, [upsert(collection, 'r1', { $set: { key: 1 } })], at(4));
        await store.commit(neighbour.projection, [upsert(neighbour.collection, 'n1', { $set: { key: 1 } })], at(4));
        await store.park({
          projection,
          eventId: 'e1',
          streamName: 'order-1',
          revision: 0,
          type: 'OrderPlaced',
          position: at(3),
          error: 'boom',
          attempts: 3,
          parkedAt: '2026-01-01T00:00:00.000Z',
        });
        await store.reset(projection, [collection]);
        expect(await store.find(collection)).toEqual([]);
        expect(await store.readCheckpoint(projection)).toBeNull();
        expect(await store.listParked(projection)).toEqual([]);
        expect(await store.count(neighbour.collection)).toBe(1);
        expect(await store.readCheckpoint(neighbour.projection)).toEqual(at(4));
        await store.commit(
          projection,
          [upsert(collection, 'r1', { $set: { key: 1 } }), upsert(collection, 'r2', { $set: { key: 1 } })],
          at(5),
        );
        expect(await store.count(collection, { key: 1 })).toBe(2);
      });
    });
  });
}

describe('SqliteReadStore specifics', () => {
  let dir: string;
  const file = () => join(dir, 'read-models.db');
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'sqlite-read-store-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('rolls a failed commit back entirely: earlier writes, checkpoint and cache', async () => {
    const store = new SqliteReadStore(file());
    await store.ensureIndexes('users', [{ fields: { email: 1 }, unique: true }]);
    await store.commit(
      'users',
      [
        upsert('users', 'u1', { $set: { email: 'a@example.com', n: 1 } }),
        upsert('users', 'u2', { $set: { email: 'b@example.com' } }),
      ],
      at(1),
    );
    const before = await store.find('users', {}, { sort: { _id: 1 } });
    const failure = await store
      .commit(
        'users',
        [
          upsert('users', 'u1', { $set: { n: 2 } }),
          upsert('users', 'u3', { $set: { email: 'c@example.com' } }),
          { op: 'deleteMany', collection: 'users', filter: { _id: 'u2' } },
          upsert('users', 'u4', { $set: { email: 'a@example.com' } }),
          upsert('audit', 'x', { $set: { touched: true } }),
        ],
        at(2),
      )
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(DuplicateKeyError);
    expect(failure).toMatchObject({ collection: 'users' });
    expect(await store.find('users', {}, { sort: { _id: 1 } })).toEqual(before);
    expect(await store.count('audit')).toBe(0);
    expect(await store.readCheckpoint('users')).toEqual(at(1));
    await store.close();

    const reopened = new SqliteReadStore(file());
    expect(await reopened.find('users', {}, { sort: { _id: 1 } })).toEqual(before);
    expect(await reopened.readCheckpoint('users')).toEqual(at(1));
    await reopened.close();
  });

  it('sees what another connection wrote to the same file', async () => {
    const api = new SqliteReadStore(file());
    const cli = new SqliteReadStore(file());
    await api.commit('views', [upsert('views', 'v1', { $set: { stage: 'lead' } })], at(1));
    expect(await cli.count('views')).toBe(1);
    expect(await api.find('views')).toEqual([{ _id: 'v1', stage: 'lead' }]);

    await cli.reset('views', ['views']);
    await cli.commit('views', [upsert('views', 'v2', { $set: { stage: 'won' } })], at(2));
    expect(await api.find('views')).toEqual([{ _id: 'v2', stage: 'won' }]);
    expect(await api.aggregate('views', [{ $group: { _id: '$stage', n: { $sum: 1 } } }])).toEqual([
      { _id: 'won', n: 1 },
    ]);
    expect(await api.readCheckpoint('views')).toEqual(at(2));

    // The API's next commit builds on the CLI's state, not on its stale cache.
    await cli.commit('views', [upsert('views', 'v2', { $inc: { hits: 1 } })], at(3));
    await api.commit('views', [upsert('views', 'v2', { $inc: { hits: 1 } })], at(4));
    expect(await cli.findOne('views', { _id: 'v2' })).toEqual({ _id: 'v2', stage: 'won', hits: 2 });
    await api.close();
    await cli.close();
  });

  it('adds cube cells up from the stored facts after a restart and after another connection wrote them (cells are not stored)', async () => {
    const cube: CubeDefinition = {
      name: 'wins',
      source: 'facts',
      dateField: 'on',
      fixed: ['owner'],
      cuboids: [[]],
      measure: (fact) => ({ date: fact.on as string, dims: { owner: fact.owner as string }, sums: { amount: fact.amount as number } }),
    };
    const api = new SqliteReadStore(file());
    await api.registerCubes([cube]);
    await api.commit('facts', [upsert('facts', 'f1', { $set: { owner: 'ann', on: '2017-03-01', amount: 5 } })], at(1));
    expect(await queryCube(api, cube, { groupBy: ['owner'] })).toEqual([{ key: { owner: 'ann' }, n: 1, s: { amount: 5 } }]);

    const cli = new SqliteReadStore(file());
    await cli.commit('facts', [upsert('facts', 'f2', { $set: { owner: 'ann', on: '2017-04-01', amount: 7 } })], at(2));
    await cli.close();
    expect(await queryCube(api, cube, { groupBy: ['owner'] })).toEqual([{ key: { owner: 'ann' }, n: 2, s: { amount: 12 } }]);
    await api.commit('facts', [upsert('facts', 'f1', { $set: { owner: 'bob' } })], at(3));
    await api.close();

    const restarted = new SqliteReadStore(file());
    const byOwner = await queryCube(restarted, cube, { from: '2017-01-01', to: '2017-12-31', groupBy: ['owner'] });
    expect(byOwner.sort((a, b) => String(a.key.owner).localeCompare(String(b.key.owner)))).toEqual([
      { key: { owner: 'ann' }, n: 1, s: { amount: 7 } },
      { key: { owner: 'bob' }, n: 1, s: { amount: 5 } },
    ]);
    await restarted.close();
  });

  it('works in memory', async () => {
    const store = new SqliteReadStore(':memory:');
    await store.commit('p', [upsert('c', 'a', { $set: { n: 1 } })], at(1));
    expect(await store.find('c')).toEqual([{ _id: 'a', n: 1 }]);
    await store.close();
  });
});
