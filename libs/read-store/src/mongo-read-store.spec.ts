import { type Position } from '@ledger/event-sourcing';
import { MongoServerError } from 'mongodb';
import { MongoReadStore } from './mongo-read-store';
import { DuplicateKeyError } from './duplicate-key.error';
import type { ReadModelWrite } from './read-store.port';
import { ReadStoreUnavailableError } from './read-store-unavailable.error';
import { ScriptedMongoServer } from './testing/scripted-mongodb';

// The MongoDB adapter against a scripted server reproducing the behaviour it depends on
// (testing/scripted-mongodb.ts); the shared contract suite runs it too, and against a real
// server wherever MONGODB_URL is set.

const at = (commit: number): Position => ({ commit: BigInt(commit), prepare: BigInt(commit) });
const guarded = (id: string, revision: number, status: string): ReadModelWrite => ({
  op: 'upsert',
  collection: 'deals',
  id,
  update: { $set: { status }, $push: { seen: revision } },
  guard: { field: '_rev', value: revision },
});

describe('MongoReadStore over a scripted replica set', () => {
  let server: ScriptedMongoServer;
  let store: MongoReadStore;

  beforeEach(async () => {
    server = new ScriptedMongoServer({ replicaSet: true });
    store = await MongoReadStore.using(server.client(), 'sales');
  });

  it('replays a batch of guarded writes with one read and no write, whatever its size', async () => {
    const batch = Array.from({ length: 50 }, (_, index) => guarded(`d${index}`, 1, 'open'));
    await store.commit('deals', batch, at(1));
    server.operations.length = 0;

    await store.commit('deals', batch, at(1));

    expect(server.operations).toEqual(['find', 'updateOne']);
    expect(server.documents('sales', 'deals')).toHaveLength(50);
    expect(server.documents('sales', 'deals').every((deal) => (deal.seen as number[]).length === 1)).toBe(true);
  });

  it('sends no write for documents a commit leaves as they were (an unguarded $set, an update by filter, applied again)', async () => {
    const writes: ReadModelWrite[] = [
      { op: 'upsert', collection: 'accounts', id: 'a1', update: { $set: { name: 'Acme', sector: 'retail' } } },
      {
        op: 'updateMany',
        collection: 'accounts',
        filter: { sector: 'retail' },
        update: { $set: { sector: 'retail' } },
      },
    ];
    await store.registerCubes([
      {
        name: 'by-sector',
        source: 'accounts',
        cuboids: [['sector']],
        measure: (account) => ({ dims: { sector: account.sector as string }, sums: {} }),
      },
    ]);
    await store.commit('accounts', writes, at(1));
    server.operations.length = 0;

    await store.commit('accounts', writes, at(2));

    expect(server.operations.filter((operation) => operation === 'bulkWrite')).toEqual([]);
    expect(server.documents('sales', 'accounts')).toEqual([{ _id: 'a1', name: 'Acme', sector: 'retail' }]);
  });

  it('lets the newer event win when two writers race to create the same document', async () => {
    const rival = await MongoReadStore.using(server.client(), 'sales');
    await Promise.all([
      store.commit('rebuild', [guarded('d1', 5, 'older')], at(5)),
      rival.commit('projector', [guarded('d1', 7, 'newer')], at(7)),
    ]);

    expect(server.conflicts).toBeGreaterThan(0);
    expect(server.documents('sales', 'deals')).toEqual([
      { _id: 'd1', _rev: 7, status: 'newer', seen: expect.arrayContaining([7]) },
    ]);
    expect(await store.readCheckpoint('rebuild')).toEqual(at(5));
    expect(await store.readCheckpoint('projector')).toEqual(at(7));
  });

  it('lets the newer event win whichever of two racing writers commits first', async () => {
    const rival = await MongoReadStore.using(server.client(), 'sales');
    await Promise.all([
      rival.commit('projector', [guarded('d1', 7, 'newer')], at(7)),
      store.commit('rebuild', [guarded('d1', 5, 'older')], at(5)),
    ]);

    expect(server.conflicts).toBeGreaterThan(0);
    expect(server.documents('sales', 'deals')).toEqual([
      { _id: 'd1', _rev: 7, status: 'newer', seen: expect.arrayContaining([7]) },
    ]);
  });

  it('keeps nothing of a commit that fails after its first writes, its checkpoint included', async () => {
    await store.ensureIndexes('accounts', [{ fields: { name: 1 }, unique: true }]);
    await store.commit(
      'accounts',
      [{ op: 'upsert', collection: 'accounts', id: 'a1', update: { $set: { name: 'Acme' } } }],
      at(1),
    );

    const failing = store.commit(
      'accounts',
      [
        { op: 'upsert', collection: 'deals', id: 'd1', update: { $set: { account: 'Acme' } } },
        { op: 'upsert', collection: 'accounts', id: 'a2', update: { $set: { name: 'Acme' } } },
      ],
      at(2),
    );

    await expect(failing).rejects.toThrow(DuplicateKeyError);
    expect(server.documents('sales', 'deals')).toEqual([]);
    expect(await store.readCheckpoint('accounts')).toEqual(at(1));
  });

  const failures = [
    ['the network', ScriptedMongoServer.networkError, undefined],
    ['a primary stepping down', ScriptedMongoServer.notPrimary, undefined],
    ['a write concern timing out at commit', ScriptedMongoServer.writeConcernTimeout, 'commitTransaction'],
  ] as const;

  it.each(failures)(
    'lets the driver run a commit again after a passing failure of %s: it lands once',
    async (_name, failure, on) => {
      server.failNext(1, failure, on);

      await store.commit(
        'deals',
        [{ op: 'upsert', collection: 'deals', id: 'd1', update: { $inc: { count: 1 } } }],
        at(1),
      );

      expect(server.documents('sales', 'deals')).toEqual([{ _id: 'd1', count: 1 }]);
      expect(await store.readCheckpoint('deals')).toEqual(at(1));
    },
  );

  it.each(failures)(
    "tells %s failing beyond the driver's retries from a failure of the data: ReadStoreUnavailableError, nothing written",
    async (_name, failure, on) => {
      const impatient = new ScriptedMongoServer({ replicaSet: true, transactionRetryMs: 20 });
      const shortLived = await MongoReadStore.using(impatient.client(), 'sales');
      impatient.failNext(100_000, failure, on);

      await expect(shortLived.commit('deals', [guarded('d1', 1, 'open')], at(1))).rejects.toThrow(
        ReadStoreUnavailableError,
      );
      expect(impatient.documents('sales', 'deals')).toEqual([]);
      impatient.clearFaults();
      await shortLived.commit('deals', [guarded('d1', 1, 'open')], at(1));
      expect(impatient.documents('sales', 'deals')).toHaveLength(1);
    },
  );

  it('reports a checkpoint it cannot read for an outage as ReadStoreUnavailableError', async () => {
    server.failNext(1, ScriptedMongoServer.networkError, 'find');
    await expect(store.readCheckpoint('deals')).rejects.toThrow(ReadStoreUnavailableError);
  });

  it("does not take write conflicts that outlast the driver's retries (a transaction too large for the server's cache) for an outage", async () => {
    const impatient = new ScriptedMongoServer({ replicaSet: true, transactionRetryMs: 20 });
    const shortLived = await MongoReadStore.using(impatient.client(), 'sales');
    impatient.failNext(
      100_000,
      () =>
        new MongoServerError({
          message: 'WriteConflict',
          code: 112,
          codeName: 'WriteConflict',
          errorLabels: ['TransientTransactionError'],
        }),
      'bulkWrite',
    );

    const refused = shortLived.commit('deals', [guarded('d1', 1, 'open')], at(1));
    await expect(refused).rejects.toThrow('WriteConflict');
    await expect(refused).rejects.not.toBeInstanceOf(ReadStoreUnavailableError);
  });

  it('raises a refused update as it is, not as an unavailable store', async () => {
    await store.commit(
      'deals',
      [{ op: 'upsert', collection: 'deals', id: 'd1', update: { $set: { name: 'text' } } }],
      at(1),
    );
    const refused = store.commit(
      'deals',
      [{ op: 'upsert', collection: 'deals', id: 'd1', update: { $inc: { name: 1 } } }],
      at(2),
    );
    await expect(refused).rejects.toThrow(/non-numeric/);
    await expect(refused).rejects.not.toBeInstanceOf(ReadStoreUnavailableError);
  });
});

it('refuses a standalone MongoDB at connection, saying why', async () => {
  const standalone = new ScriptedMongoServer({ replicaSet: false });
  await expect(MongoReadStore.using(standalone.client(), 'sales')).rejects.toThrow(/standalone server.*replica set/);
});
