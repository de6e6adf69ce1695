import type { Filter } from '../read-store.port';
import { ALL_TIME } from './cube';

/** How a cube query groups time: by month, by quarter, by year, or not at all. */
export type TimeGrain = 'month' | 'quarter' | 'year';

/** The dates of a range that no whole month covers, read from the facts themselves. */
export type DateEdge = { readonly from: string; readonly to: string };

/** A date range as whole cells (filters on `period`) plus the partial months at its ends. */
export type PeriodCover = { readonly cells: readonly Filter[]; readonly edges: readonly DateEdge[] };

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
const monthOf = (date: string): string => date.slice(0, 7);
const yearOf = (month: string): number => Number(month.slice(0, 4));
const monthNumber = (month: string): number => Number(month.slice(5, 7));
const lastDay = (month: string): number => new Date(Date.UTC(yearOf(month), monthNumber(month), 0)).getUTCDate();
const shiftMonth = (month: string, by: number): string => {
  const index = yearOf(month) * 12 + monthNumber(month) - 1 + by;
  return `${pad(Math.floor(index / 12), 4)}-${pad((index % 12) + 1)}`;
};
const firstOf = (month: string): string => `${month}-01`;
const lastOf = (month: string): string => `${month}-${pad(lastDay(month))}`;

/** A `period` range within one level (`M…` or `Y…`); an open end stays within the level. */
const levelRange = (level: 'M' | 'Y', from: string | undefined, to: string | undefined): Filter => ({
  period: { $gte: from === undefined ? level : `${level}${from}`, ...(to === undefined ? { $lt: String.fromCharCode(level.charCodeAt(0) + 1) } : { $lte: `${level}${to}` }) },
});

/**
 * Splits the dates from `from` to `to` (inclusive, YYYY-MM-DD, either end open) into what a cube
 * answers from cells — whole years where the grain allows, whole months otherwise — and the partial
 * months at the ends, which are read from the facts. Without a range and a time grain, the
 * all-time cells answer (they also hold facts with no date).
 */
export function coverRange(from: string | undefined, to: string | undefined, grain: TimeGrain | null): PeriodCover {
  if (from === undefined && to === undefined && grain === null) return { cells: [{ period: ALL_TIME }], edges: [] };
  if (from !== undefined && to !== undefined && from > to) return { cells: [], edges: [] };

  const edges: DateEdge[] = [];
  let firstMonth: string | undefined;
  let lastMonth: string | undefined;
  if (from !== undefined && to !== undefined && monthOf(from) === monthOf(to) && (from !== firstOf(monthOf(from)) || to !== lastOf(monthOf(to)))) {
    return { cells: [], edges: [{ from, to }] };
  }
  if (from !== undefined) {
    if (from === firstOf(monthOf(from))) firstMonth = monthOf(from);
    else {
      edges.push({ from, to: lastOf(monthOf(from)) });
      firstMonth = shiftMonth(monthOf(from), 1);
    }
  }
  if (to !== undefined) {
    if (to === lastOf(monthOf(to))) lastMonth = monthOf(to);
    else {
      edges.push({ from: firstOf(monthOf(to)), to });
      lastMonth = shiftMonth(monthOf(to), -1);
    }
  }
  if (firstMonth !== undefined && lastMonth !== undefined && firstMonth > lastMonth) return { cells: [], edges };

  if (grain !== null && grain !== 'year') return { cells: [levelRange('M', firstMonth, lastMonth)], edges };
  const firstYear = firstMonth === undefined ? undefined : monthNumber(firstMonth) === 1 ? yearOf(firstMonth) : yearOf(firstMonth) + 1;
  const lastYear = lastMonth === undefined ? undefined : monthNumber(lastMonth) === 12 ? yearOf(lastMonth) : yearOf(lastMonth) - 1;
  if (firstYear !== undefined && lastYear !== undefined && firstYear > lastYear) {
    return { cells: [levelRange('M', firstMonth, lastMonth)], edges };
  }
  const cells: Filter[] = [levelRange('Y', firstYear === undefined ? undefined : pad(firstYear, 4), lastYear === undefined ? undefined : pad(lastYear, 4))];
  if (firstMonth !== undefined && monthNumber(firstMonth) !== 1) cells.push(levelRange('M', firstMonth, `${pad(yearOf(firstMonth), 4)}-12`));
  if (lastMonth !== undefined && monthNumber(lastMonth) !== 12) cells.push(levelRange('M', `${pad(yearOf(lastMonth), 4)}-01`, lastMonth));
  return { cells, edges };
}

/** The time key of a period or a date at a grain: `2017-03`, `2017-Q1`, `2017`. */
export function timeKey(periodOrDate: string, grain: TimeGrain): string {
  const date = /^[MY]/.test(periodOrDate) ? periodOrDate.slice(1) : periodOrDate;
  if (grain === 'year') return date.slice(0, 4);
  if (grain === 'month') return date.slice(0, 7);
  return `${date.slice(0, 4)}-Q${Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1}`;
}
