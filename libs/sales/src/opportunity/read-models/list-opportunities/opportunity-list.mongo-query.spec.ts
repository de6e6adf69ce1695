import { Query } from 'mingo';
import { SqliteReadStore } from '@ledger/read-store';
import { OPPORTUNITY_VIEWS } from '../opportunity-view/opportunity-view.document';
import { opportunityViewProjection } from '../opportunity-view/opportunity-view.projection';
import { LIST_SORT_FIELDS } from './list-opportunities.query';
import { opportunityListQuery } from './opportunity-list.mongo-query';

const declared = (opportunityViewProjection.indexes?.[OPPORTUNITY_VIEWS] ?? []).map((index) => Object.entries(index.fields));
const base = { sort: 'expectedCloseDate', order: 'asc', limit: 10 } as const;

describe('the opportunity list query', () => {
  it('sorts only on fields the view declares an index for, each with _id after it (keyset order)', () => {
    const sortIndexes = Object.values(LIST_SORT_FIELDS).map((field) => [
      [field, 1],
      ['_id', 1],
    ]);
    expect(declared).toEqual(expect.arrayContaining(sortIndexes));
  });

  it('filters by account on the index the view declares for accountId', () => {
    expect(declared).toEqual(expect.arrayContaining([[['accountId', 1]]]));
    expect(opportunityListQuery({ ...base, accountId: 'acc-1' }).filter).toEqual({ $and: [{ accountId: 'acc-1' }] });
  });

  it('sorts descending on the field and then on _id', () => {
    expect(opportunityListQuery({ ...base, sort: 'amount', order: 'desc' }).sort).toEqual({ amountMinor: -1, _id: -1 });
  });

  it('refuses a cursor given out for another sort', () => {
    const cursor = Buffer.from(JSON.stringify(['-amount', 500, 'id-1'])).toString('base64url');
    expect(() => opportunityListQuery({ ...base, sort: 'amount', order: 'asc', cursor })).toThrow(expect.objectContaining({ code: 'invalid-cursor' }));
  });

  it.each([
    ['a text key for an amount', 'amount', 'abc'],
    ['a number key for a title', 'title', 5],
    ['a number key for a close date', 'expectedCloseDate', 12345],
    ['a text key for a probability', 'probability', '50'],
  ] as const)('refuses a cursor with %s (400 invalid-cursor)', (_label, sort, key) => {
    const cursor = Buffer.from(JSON.stringify([sort, key, 'id-1'])).toString('base64url');
    expect(() => opportunityListQuery({ ...base, sort, order: 'asc', cursor })).toThrow(expect.objectContaining({ code: 'invalid-cursor' }));
  });

  it('refuses a cursor whose number JSON cannot hold (1e400)', () => {
    const cursor = Buffer.from('["amount",1e400,"id-1"]').toString('base64url');
    expect(() => opportunityListQuery({ ...base, sort: 'amount', order: 'asc', cursor })).toThrow(expect.objectContaining({ code: 'invalid-cursor' }));
  });

  describe('searching (?q=) by the beginnings of the words of the title and of the account name', () => {
    const views = [
      { _id: 'o1', title: 'GTX Pro for Zürich Bank', titleWords: ['gtx', 'pro', 'for', 'zurich', 'bank'], accountWords: ['zurich', 'bank'], expectedCloseDate: '2026-01-01' },
      { _id: 'o2', title: 'MG Special', titleWords: ['mg', 'special'], accountWords: ['acme', 'corporation'], expectedCloseDate: '2026-01-02' },
      // Words on either side of "pro" (a range alone on an array would match it: "a" < "pro￿" and "zz" ≥ "pro").
      { _id: 'o3', title: 'A ZZ', titleWords: ['a', 'zz'], accountWords: [], expectedCloseDate: '2026-01-03' },
    ];
    let store: SqliteReadStore;
    beforeAll(async () => {
      store = new SqliteReadStore(':memory:');
      await store.ensureIndexes(OPPORTUNITY_VIEWS, opportunityViewProjection.indexes![OPPORTUNITY_VIEWS]);
      await store.record(views.map(({ _id, ...fields }) => ({ op: 'upsert' as const, collection: OPPORTUNITY_VIEWS, id: _id, update: { $set: fields } })));
    });
    afterAll(() => store.close());
    const search = async (q: string): Promise<string[]> => {
      const { filter, sort } = opportunityListQuery({ ...base, q });
      return (await store.find(OPPORTUNITY_VIEWS, filter, { sort })).map((view) => view._id);
    };

    it.each([
      ['a word of the title', 'special', ['o2']],
      ['the beginning of a word, in any case', 'GT', ['o1']],
      ['a word of the account name', 'acme', ['o2']],
      ['accents aside', 'zür', ['o1']],
      ['every word, each in the title or the account name', 'pro bank', ['o1']],
      ['a word found nowhere', 'pro acme', []],
      ['no array of words whose elements only straddle the word', 'pro', ['o1']],
      ['nothing for a search without words', '  !! ', []],
    ])('finds %s', async (_label, q, expected) => {
      expect(await search(q)).toEqual(expected);
    });

    it('matches as MongoDB does, not only as the embedded indexes do (mingo evaluates the filter alone)', () => {
      const { filter } = opportunityListQuery({ ...base, q: 'pro' });
      expect(views.filter((view) => new Query(filter).test(view)).map((view) => view._id)).toEqual(['o1']);
    });

    it('answers from the words indexes, not by reading every view', async () => {
      const { filter, sort } = opportunityListQuery({ ...base, q: 'pro bank' });
      expect(await store.explain(OPPORTUNITY_VIEWS, filter, { sort, limit: 10 })).toMatchObject({ scanned: false });
    });
  });
});
