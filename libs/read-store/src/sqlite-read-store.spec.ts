import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Aggregator } from 'mingo';
import { DuplicateKeyError } from './duplicate-key.error';
import type { Document, Filter, FindOptions, ReadModelWrite } from './read-store.port';
import { SqliteReadStore } from './sqlite-read-store';

const DEALS = 'deals';
const STATUSES = ['open', 'won', 'lost'];
const at = (n: number) => ({ commit: BigInt(n), prepare: BigInt(n) });

const deal = (i: number): Document => ({
  _id: `d${String(i).padStart(3, '0')}`,
  status: STATUSES[i % 3],
  owner: `o${i % 4}`,
  email: `d${i}@example.com`,
  amount: i % 5 === 0 ? null : (i * 37) % 50,
  title: `Deal ${(i * 13) % 40}`,
});

const upsert = ({ _id, ...fields }: Document): ReadModelWrite => ({ op: 'upsert', collection: DEALS, id: _id, update: { $set: fields } });

/** What MongoDB answers: mingo over every document, sorted, then the page. */
const reference = (documents: readonly Document[], filter: Filter, { sort, limit }: FindOptions = {}): Document[] =>
  new Aggregator([{ $match: filter }, ...(sort ? [{ $sort: sort }] : []), ...(limit ? [{ $limit: limit }] : [])]).run(documents) as Document[];

async function indexed(store: SqliteReadStore): Promise<void> {
  await store.ensureIndexes(DEALS, [
    { fields: { status: 1, owner: 1 } },
    { fields: { email: 1 }, unique: true },
    { fields: { amount: 1, _id: 1 } },
    { fields: { title: 1, _id: 1 } },
  ]);
}

const reads: [string, Filter, FindOptions][] = [
  ['everything by id', {}, { sort: { _id: 1 } }],
  ['a page by amount', {}, { sort: { amount: 1, _id: 1 }, limit: 7 }],
  ['a page by amount, descending, of one status', { $and: [{ status: 'won' }] }, { sort: { amount: -1, _id: -1 }, limit: 5 }],
  ['an owner, by title', { owner: 'o1' }, { sort: { title: 1, _id: 1 }, limit: 6 }],
  ['a range of amounts', { amount: { $gte: 10, $lte: 30 } }, { sort: { amount: 1, _id: 1 } }],
  ['named ids', { _id: { $in: ['d001', 'd007', 'd404', 'd013'] } }, { sort: { _id: 1 } }],
  ['a pattern on titles', { title: { $regex: '1' } }, { sort: { title: -1, _id: -1 }, limit: 4 }],
];

/** Every read of the list, each compared with what MongoDB answers over the given documents. */
async function expectReads(store: SqliteReadStore, documents: readonly Document[]): Promise<void> {
  for (const [, filter, options] of reads) expect(await store.find(DEALS, filter, options)).toEqual(reference(documents, filter, options));
  expect(await store.count(DEALS)).toBe(documents.length);
  expect(await store.count(DEALS, { status: 'open' })).toBe(reference(documents, { status: 'open' }).length);
  expect(await store.count(DEALS, { title: { $regex: '^Deal 1' } })).toBe(reference(documents, { title: { $regex: '^Deal 1' } }).length);
  const byStatus = await store.aggregate<{ _id: string; n: number }>(DEALS, [{ $match: { owner: { $in: ['o0', 'o2'] } } }, { $group: { _id: '$status', n: { $sum: 1 } } }, { $sort: { _id: 1 } }]);
  expect(byStatus).toEqual(new Aggregator([{ $match: { owner: { $in: ['o0', 'o2'] } } }, { $group: { _id: '$status', n: { $sum: 1 } } }, { $sort: { _id: 1 } }]).run(documents));
  const visited: string[] = [];
  await store.visit(DEALS, { status: 'lost' }, (document) => visited.push(document._id));
  expect(visited.sort()).toEqual(reference(documents, { status: 'lost' }).map((document) => document._id).sort());
  for (const document of documents.slice(0, 5)) expect(await store.findOne(DEALS, { _id: document._id })).toEqual(document);
}

describe('the embedded store with a document cache far smaller than the collection', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'sqlite-read-store-lru-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('answers every read as MongoDB would, before and after writes that move documents in the indexes', async () => {
    const store = new SqliteReadStore(':memory:', { cachedDocuments: 2 });
    await indexed(store);
    let documents = Array.from({ length: 60 }, (_, i) => deal(i));
    await store.commit(DEALS, documents.map(upsert), at(1));
    await expectReads(store, documents);

    // Each document written several times in one commit, others in between: the commit reads its own writes, not the rows as committed.
    const writes: ReadModelWrite[] = [];
    for (let round = 0; round < 3; round += 1) {
      for (const i of [3, 4, 6, 7, 8]) writes.push({ op: 'upsert', collection: DEALS, id: deal(i)._id, update: { $inc: { amount: 1 }, $set: { status: 'won' } } });
    }
    writes.push({ op: 'updateMany', collection: DEALS, filter: { title: 'Deal 0' }, update: { $set: { owner: 'o9' } } });
    writes.push({ op: 'deleteMany', collection: DEALS, filter: { status: 'won', amount: { $gte: 45 } } });
    await store.commit(DEALS, writes, at(2));
    documents = documents
      .map((document, i) => ([3, 4, 6, 7, 8].includes(i) ? { ...document, status: 'won', amount: (document.amount as number) + 3 } : document))
      .map((document) => (document.title === 'Deal 0' ? { ...document, owner: 'o9' } : document))
      .filter((document) => !(document.status === 'won' && (document.amount as number) >= 45));
    await expectReads(store, documents);
    expect(await store.find(DEALS, { owner: 'o9' }, { sort: { _id: 1 } })).toEqual(reference(documents, { owner: 'o9' }, { sort: { _id: 1 } }));
    await store.close();
  });

  it('rolls a failed commit back: the indexes as they were, the cache without the commit', async () => {
    const store = new SqliteReadStore(join(dir, 'read-models.db'), { cachedDocuments: 2 });
    await indexed(store);
    const documents = Array.from({ length: 30 }, (_, i) => deal(i));
    await store.commit(DEALS, documents.map(upsert), at(1));
    const failure = await store
      .commit(
        DEALS,
        [
          ...documents.slice(0, 10).map((document): ReadModelWrite => ({ op: 'upsert', collection: DEALS, id: document._id, update: { $set: { status: 'won', amount: 99, title: 'Zed' } } })),
          { op: 'deleteMany', collection: DEALS, filter: { owner: 'o3' } },
          upsert({ ...deal(100), amount: 1 }),
          // The same e-mail as d001: the unique index refuses the commit at its end.
          upsert({ ...deal(101), email: 'd1@example.com' }),
        ],
        at(2),
      )
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(DuplicateKeyError);
    await expectReads(store, documents);
    expect(await store.find(DEALS, { amount: 99 })).toEqual([]);
    expect(await store.readCheckpoint(DEALS)).toEqual(at(1));

    // The next commit builds on the documents as committed.
    await store.commit(DEALS, [{ op: 'upsert', collection: DEALS, id: 'd002', update: { $inc: { amount: 1 } } }], at(3));
    const after = documents.map((document) => (document._id === 'd002' ? { ...document, amount: (document.amount as number) + 1 } : document));
    await expectReads(store, after);
    await store.close();

    const reopened = new SqliteReadStore(join(dir, 'read-models.db'), { cachedDocuments: 2 });
    await indexed(reopened);
    await expectReads(reopened, after);
    await reopened.close();
  });

  it('drops its indexes and cache when another connection writes the file, and reads what it wrote', async () => {
    const file = join(dir, 'read-models.db');
    const api = new SqliteReadStore(file, { cachedDocuments: 2 });
    const cli = new SqliteReadStore(file, { cachedDocuments: 2 });
    await indexed(api);
    await indexed(cli);
    let documents = Array.from({ length: 40 }, (_, i) => deal(i));
    await api.commit(DEALS, documents.map(upsert), at(1));
    await expectReads(api, documents);

    await cli.commit(
      DEALS,
      [
        ...documents.slice(0, 8).map((document): ReadModelWrite => ({ op: 'upsert', collection: DEALS, id: document._id, update: { $set: { amount: 7, status: 'lost' } } })),
        { op: 'deleteMany', collection: DEALS, filter: { owner: 'o2' } },
      ],
      at(2),
    );
    documents = documents.map((document, i) => (i < 8 ? { ...document, amount: 7, status: 'lost' } : document)).filter((document) => document.owner !== 'o2');
    await expectReads(api, documents);

    // The API's next commit starts from the CLI's documents, not from what it had cached.
    await api.commit(DEALS, [{ op: 'upsert', collection: DEALS, id: 'd000', update: { $inc: { amount: 1 } } }], at(3));
    documents = documents.map((document) => (document._id === 'd000' ? { ...document, amount: 8 } : document));
    await expectReads(cli, documents);
    await expectReads(api, documents);
    await api.close();
    await cli.close();
  });
});
