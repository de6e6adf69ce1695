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
});
