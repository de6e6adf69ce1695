import { Aggregator } from 'mingo';
import { afterSortKey } from './keyset-page';
import type { Document, Filter, FindOptions, ReadModelWrite, SortSpec } from './read-store.port';
import { SqliteReadStore } from './sqlite-read-store';

const DEALS = 'deals';
const STATUSES = ['open', 'won', 'lost'];
const OWNERS = ['ann', 'bob', 'cat', 'dan', 'eve'];

/** 600 deals; every seventh without an amount, amounts repeating, so that ties and nulls are paged through. */
const deal = (i: number): Document => ({
  _id: `d${String((i * 7919) % 1000).padStart(4, '0')}-${i}`,
  status: STATUSES[i % 3],
  owner: OWNERS[i % 5],
  account: `a${i % 150}`,
  amount: i % 7 === 0 ? null : (i * 37) % 50,
  title: `Deal ${(i * 13) % 600}`,
  closeDate: `2025-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`,
});

const upsert = ({ _id, ...fields }: Document): ReadModelWrite => ({ op: 'upsert', collection: DEALS, id: _id, update: { $set: fields } });

async function storeWith(documents: readonly Document[]): Promise<SqliteReadStore> {
  const store = new SqliteReadStore(':memory:');
  await store.ensureIndexes(DEALS, [
    { fields: { status: 1, owner: 1 } },
    { fields: { account: 1 } },
    { fields: { amount: 1, _id: 1 } },
    { fields: { title: 1, _id: 1 } },
    { fields: { status: 1, closeDate: 1, _id: 1 } },
  ]);
  await store.commit('deals', documents.map(upsert), { commit: 1n, prepare: 1n });
  return store;
}

const all = Array.from({ length: 600 }, (_, i) => deal(i));
/** What MongoDB answers: mingo over every document, sorted, then the page. */
const reference = (documents: readonly Document[], filter: Filter, { sort, limit }: FindOptions): Document[] =>
  new Aggregator([{ $match: filter }, ...(sort ? [{ $sort: sort }] : []), ...(limit ? [{ $limit: limit }] : [])]).run(documents) as Document[];

const byAmount: SortSpec = { amount: 1, _id: 1 };
const byAmountDown: SortSpec = { amount: -1, _id: -1 };
const cases: [string, Filter, FindOptions][] = [
  ['the first page by amount', {}, { sort: byAmount, limit: 25 }],
  ['the first page by amount, descending', {}, { sort: byAmountDown, limit: 25 }],
  ['a page after a key among ties', { $and: [afterSortKey('amount', 1, 12, 'd0500-0')] }, { sort: byAmount, limit: 25 }],
  ['a page after a key among ties, descending', { $and: [afterSortKey('amount', -1, 12, 'd0500-0')] }, { sort: byAmountDown, limit: 25 }],
  ['a page after a record without an amount', { $and: [afterSortKey('amount', 1, null, 'd0500-0')] }, { sort: byAmount, limit: 25 }],
  ['a page after a key, descending into the records without an amount', { $and: [afterSortKey('amount', -1, 1, 'd0500-0')] }, { sort: byAmountDown, limit: 40 }],
  ['a range of amounts', { $and: [{ amount: { $gte: 10 } }, { amount: { $lte: 12 } }] }, { sort: byAmount, limit: 25 }],
  ['a filter the walk checks (status) with the sort by amount', { $and: [{ status: 'won' }] }, { sort: byAmount, limit: 25 }],
  ['a pinned status walking status and close date', { $and: [{ status: 'open' }] }, { sort: { closeDate: 1, _id: 1 }, limit: 25 }],
  ['a pinned status and a page after a close date, descending', { $and: [{ status: 'lost' }, afterSortKey('closeDate', -1, '2025-06-15', 'd0500-0')] }, { sort: { closeDate: -1, _id: -1 }, limit: 25 }],
  ['owners in a team, by title', { $and: [{ owner: { $in: ['ann', 'cat'] } }] }, { sort: { title: -1, _id: -1 }, limit: 25 }],
  ['one account, by amount', { $and: [{ account: 'a7' }] }, { sort: byAmount, limit: 25 }],
  ['a text search, by title', { $and: [{ $or: [{ title: { $regex: '1', $options: 'i' } }] }] }, { sort: { title: 1, _id: 1 }, limit: 25 }],
  ['a search of several fields, ids among them', { $and: [{ status: 'open' }, { $or: [{ account: 'a7' }, { _id: { $in: ['d0001-1', 'd0002-2'] } }] }] }, { sort: { title: 1, _id: 1 }, limit: 25 }],
];

describe('the embedded store reads pages along ordered indexes', () => {
  it.each(cases)('answers %s as MongoDB would', async (_name, filter, options) => {
    const store = await storeWith(all);
    expect(await store.find(DEALS, filter, options)).toEqual(reference(all, filter, options));
    await store.close();
  });

  it('walks the sort index in order and stops at the page (no match-all-then-sort)', async () => {
    const store = await storeWith(all);
    expect(await store.explain(DEALS, {}, { sort: byAmountDown, limit: 51 })).toEqual({ index: 'amount_1__id_1', kind: 'walk', ordered: true, scanned: false });
    await store.close();
  });

  it('walks a compound index from the pinned value of its first key', async () => {
    const store = await storeWith(all);
    expect(await store.explain(DEALS, { $and: [{ status: 'open' }] }, { sort: { closeDate: 1, _id: 1 }, limit: 51 })).toEqual({ index: 'status_1_closeDate_1__id_1', kind: 'walk', ordered: true, scanned: false });
    await store.close();
  });

  it('looks up a selective equality index and sorts its few matches instead', async () => {
    const store = await storeWith(all);
    expect(await store.explain(DEALS, { $and: [{ account: 'a7' }] }, { sort: byAmount, limit: 51 })).toEqual({ index: 'account', kind: 'lookup', ordered: false, scanned: false });
    await store.close();
  });

  it('looks up a search of several fields (an $or of indexed branches, ids among them) rather than walking to its few matches', async () => {
    const store = await storeWith(all);
    const search = { $and: [{ status: 'open' }, { $or: [{ account: 'a7' }, { _id: { $in: ['d0001-1'] } }] }] };
    expect(await store.explain(DEALS, search, { sort: { title: 1, _id: 1 }, limit: 51 })).toEqual({ index: 'account|_id', kind: 'lookup', ordered: false, scanned: false });
    await store.close();
  });

  it('scans only what no index answers', async () => {
    const store = await storeWith(all);
    expect(await store.explain(DEALS, { closeDate: '2025-01-01' }, {})).toEqual({ index: null, kind: 'scan', ordered: false, scanned: true });
    await store.close();
  });

  it('keeps the indexes in order as documents change their keys and are deleted', async () => {
    const store = await storeWith(all);
    const changed: Document[] = all.map((document, i) => ({ ...document, amount: i % 4 === 0 ? (i * 11) % 50 : document.amount, status: i % 5 === 0 ? 'won' : document.status }));
    await store.commit('deals', [...changed.map(upsert), { op: 'deleteMany', collection: DEALS, filter: { owner: 'bob' } }], { commit: 2n, prepare: 2n });
    const remaining = changed.filter((document) => document.owner !== 'bob');
    expect(await store.find(DEALS, { $and: [{ status: 'won' }] }, { sort: byAmountDown, limit: 60 })).toEqual(reference(remaining, { status: 'won' }, { sort: byAmountDown, limit: 60 }));
    await store.close();
  });
});
