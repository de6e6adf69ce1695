import fc from 'fast-check';
import { Aggregator } from 'mingo';
import type { Document, SortSpec } from './read-store.port';
import { topK } from './top-k';

describe('topK', () => {
  it('returns what a full MongoDB-style sort then limit returns, ties included', () => {
    const document = fc.record({ _id: fc.uuid(), date: fc.constantFrom('2027-01-01', '2027-02-01', '2027-03-01'), n: fc.integer({ min: 0, max: 5 }) });
    const sort = fc.constantFrom<SortSpec>({ date: 1, _id: 1 }, { date: -1, _id: -1 }, { n: 1, date: -1, _id: 1 });
    fc.assert(
      fc.property(fc.array(document, { maxLength: 80 }), sort, fc.integer({ min: 1, max: 30 }), (documents, spec, k) => {
        const expected = new Aggregator([{ $sort: spec }, { $limit: k }]).run(structuredClone(documents));
        expect(topK(documents as Document[], spec, k)).toEqual(expected);
      }),
    );
  });

  it('declines mixed types, missing values and dotted paths', () => {
    expect(topK([{ _id: 'a', v: 1 }, { _id: 'b', v: 'x' }], { v: 1 }, 1)).toBeNull();
    expect(topK([{ _id: 'a', v: null }], { v: 1 }, 1)).toBeNull();
    expect(topK([{ _id: 'a', v: { w: 1 } }], { 'v.w': 1 }, 1)).toBeNull();
  });
});
