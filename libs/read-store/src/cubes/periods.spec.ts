import fc from 'fast-check';
import { Query } from 'mingo';
import { monthPeriod, yearPeriod } from './cube';
import { coverRange, type TimeGrain, timeKey } from './periods';

const day = (offset: number): string => new Date(Date.UTC(2015, 10, 1) + offset * 86_400_000).toISOString().slice(0, 10);
const DAYS = 1200; // 2015-11-01 .. early 2019: across year ends, leap day 2016-02-29

/** How many times a cover counts a date: through a month cell, a year cell, or an edge read from the facts. */
function counter(cover: ReturnType<typeof coverRange>): (date: string) => number {
  const cells = cover.cells.map((filter) => new Query(filter));
  const matched = new Map<string, boolean>();
  const matches = (query: Query, period: string): boolean => {
    const key = `${cells.indexOf(query)}/${period}`;
    if (!matched.has(key)) matched.set(key, query.test({ period }));
    return matched.get(key)!;
  };
  return (date) =>
    cells.filter((query) => matches(query, monthPeriod(date)) || matches(query, yearPeriod(date)) || matches(query, 'A')).length +
    cover.edges.filter((edge) => edge.from <= date && date <= edge.to).length;
}

describe('coverRange: a date range as cells and edge days', () => {
  const grains = fc.constantFrom<TimeGrain | null>('month', 'quarter', 'year', null);
  const bound = fc.option(fc.integer({ min: 0, max: DAYS - 1 }).map(day), { nil: undefined });

  it('counts every date of the range exactly once, and no other date', () => {
    fc.assert(
      fc.property(bound, bound, grains, (from, to, grain) => {
        const timesCounted = counter(coverRange(from, to, grain));
        const wrong: string[] = [];
        for (let offset = 0; offset < DAYS; offset += 1) {
          const date = day(offset);
          const inside = (from === undefined || from <= date) && (to === undefined || date <= to);
          if (timesCounted(date) !== (inside ? 1 : 0)) wrong.push(`${date} counted ${timesCounted(date)} times`);
        }
        expect(wrong).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  it('reads no year cell when grouping by month or quarter, and no edge for whole months', () => {
    expect(coverRange('2017-01-01', '2017-12-31', 'month')).toEqual({ cells: [{ period: { $gte: 'M2017-01', $lte: 'M2017-12' } }], edges: [] });
    expect(coverRange('2017-01-01', '2017-12-31', null)).toEqual({ cells: [{ period: { $gte: 'Y2017', $lte: 'Y2017' } }], edges: [] });
    expect(coverRange('2017-03-15', '2017-04-30', 'quarter')).toEqual({
      cells: [{ period: { $gte: 'M2017-04', $lte: 'M2017-04' } }],
      edges: [{ from: '2017-03-15', to: '2017-03-31' }],
    });
  });

  it('answers from the all-time cells when nothing limits time', () => {
    expect(coverRange(undefined, undefined, null)).toEqual({ cells: [{ period: 'A' }], edges: [] });
  });

  it('names periods at a grain', () => {
    expect(['M2017-08', '2017-08-31', 'Y2017'].map((p) => timeKey(p, 'year'))).toEqual(['2017', '2017', '2017']);
    expect(timeKey('M2017-08', 'quarter')).toBe('2017-Q3');
    expect(timeKey('2017-12-31', 'quarter')).toBe('2017-Q4');
    expect(timeKey('2017-01-01', 'month')).toBe('2017-01');
  });
});
