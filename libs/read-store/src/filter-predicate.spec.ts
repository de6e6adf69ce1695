import { Query } from 'mingo';
import { filterPredicate } from './filter-predicate';
import type { Document, Filter } from './read-store.port';

const documents: Document[] = [
  { _id: 'a', status: 'open', amount: 10, title: 'Deal Alpha', tags: ['x', 'y'] },
  { _id: 'b', status: 'won', amount: '10', title: 'deal beta' },
  { _id: 'c', status: null, amount: 25 },
  { _id: 'd', amount: null, title: 'Gamma', owner: { id: 'o1' } },
  { _id: 'e', status: 'lost', amount: 5, title: 'ALPHA', removed: false },
];

const ids = (test: (document: Document) => boolean): string[] => documents.filter(test).map((document) => document._id);
const mingo = (filter: Filter): string[] => ids((document) => new Query(filter).test(document));
/** Compiled, with a fallback that fails the test if it is asked for a filter it should answer itself. */
const compiled = (filter: Filter): string[] => ids(filterPredicate(filter, (document) => new Query(filter).test(document)));

describe('a filter compiled to a plain function', () => {
  it.each([
    ['equality', { status: 'open' }],
    ['equality with null (missing too)', { status: null }],
    ['$ne null', { amount: { $ne: null } }],
    ['$in', { status: { $in: ['won', 'lost'] } }],
    ['a range of numbers (strings not in it)', { amount: { $gte: 5, $lt: 25 } }],
    ['a range of strings', { title: { $gt: 'Deal' } }],
    ['a case-insensitive regex', { title: { $regex: 'alpha', $options: 'i' } }],
    ['a keyset page: $or of a range and a tie', { $or: [{ amount: { $gt: 10 } }, { amount: 10, _id: { $gt: 'a' } }] }],
    ['$and of parts', { $and: [{ status: { $ne: null } }, { amount: { $lte: 10 } }] }],
    ['a boolean', { removed: false }],
    ['an array field (left to mingo)', { tags: 'x' }],
    ['an object field (left to mingo)', { owner: { id: 'o1' } }],
    ['an operator it does not know (left to mingo)', { title: { $exists: true } }],
  ] as [string, Filter][])('matches what mingo matches: %s', (_name, filter) => {
    expect(compiled(filter)).toEqual(mingo(filter));
  });
});
