import fc from 'fast-check';
import { Aggregator, Query } from 'mingo';
import { runLeadingGroup } from './compiled-group';
import type { Document, Pipeline } from './read-store.port';

const matcher = (filter: Record<string, unknown>) => {
  const query = new Query(filter);
  return (row: Record<string, unknown>) => query.test(row);
};

const document = fc.record({
  _id: fc.uuid(),
  status: fc.constantFrom('open', 'won', 'lost'),
  stage: fc.constantFrom('a', 'b', 'c'),
  currency: fc.constantFrom('USD', 'EUR', null),
  amountMinor: fc.option(fc.integer({ min: 0, max: 1_000_000 }), { nil: null }),
  probability: fc.integer({ min: 0, max: 100 }),
  closedMonth: fc.constantFrom('2027-01', '2027-02'),
  expectedCloseMonth: fc.constantFrom('2027-01', '2027-03'),
});

const pipelines: Pipeline[] = [
  [
    { $match: { status: 'open', amountMinor: { $gte: 1000 } } },
    {
      $group: {
        _id: { stage: '$stage', currency: '$currency' },
        count: { $sum: 1 },
        total: { $sum: { $ifNull: ['$amountMinor', 0] } },
        weighted: { $sum: { $multiply: [{ $ifNull: ['$amountMinor', 0] }, '$probability'] } },
      },
    },
  ],
  [
    { $match: { status: { $in: ['open', 'won'] } } },
    { $addFields: { month: { $cond: [{ $eq: ['$status', 'won'] }, '$closedMonth', '$expectedCloseMonth'] } } },
    { $match: { month: { $gte: '2027-02' } } },
    { $group: { _id: '$month', amount: { $sum: '$amountMinor' }, plus: { $sum: { $add: ['$probability', 1] } } } },
    { $sort: { _id: 1 } },
  ],
];

const byKey = (rows: Record<string, unknown>[]) => [...rows].sort((a, b) => JSON.stringify(a._id).localeCompare(JSON.stringify(b._id)));

describe('compiled $match/$addFields/$group', () => {
  it.each(pipelines.map((pipeline, index) => [index, pipeline] as const))('gives what mingo gives (pipeline %i)', (_, pipeline) => {
    fc.assert(
      fc.property(fc.array(document, { maxLength: 60 }), (documents) => {
        const fast = runLeadingGroup(documents as Document[], pipeline, matcher);
        expect(fast).not.toBeNull();
        const rest = fast!.rest.length === 0 ? fast!.groups : new Aggregator([...fast!.rest]).run(fast!.groups);
        const reference = new Aggregator([...pipeline]).run(structuredClone(documents));
        expect(byKey(rest as Record<string, unknown>[])).toEqual(byKey(reference as Record<string, unknown>[]));
      }),
    );
  });

  it('leaves pipelines it does not know to mingo', () => {
    expect(runLeadingGroup([], [{ $sort: { a: 1 } }], matcher)).toBeNull();
    expect(runLeadingGroup([], [{ $group: { _id: null, all: { $push: '$a' } } }], matcher)).toBeNull();
    expect(runLeadingGroup([], [{ $group: { _id: { $toUpper: '$a' }, n: { $sum: 1 } } }], matcher)).toBeNull();
  });
});
