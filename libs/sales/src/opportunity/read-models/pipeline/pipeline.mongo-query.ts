import { ownerFilter } from '../opportunity-view/owner-filter';
import type { Filter, Pipeline as AggregationPipeline } from '@ledger/read-store';
import type { PipelineFilter } from './get-pipeline.query';

export type GroupRow = { _id: Record<string, string | null>; count: number; total: number; weightedTimes100: number };

/** Exact integer sums: amount × probability stays an integer; the division by 100 happens once per row. */
export const moneySums = {
  count: { $sum: 1 },
  total: { $sum: { $ifNull: ['$amountMinor', 0] } },
  weightedTimes100: { $sum: { $multiply: [{ $ifNull: ['$amountMinor', 0] }, '$probability'] } },
};

export const weighted = (row: GroupRow): number => Math.round(row.weightedTimes100 / 100);

export function closeDateRange(filter: { closeFrom?: string; closeTo?: string }): Filter {
  if (!filter.closeFrom && !filter.closeTo) return {};
  return {
    expectedCloseDate: {
      ...(filter.closeFrom ? { $gte: filter.closeFrom } : {}),
      ...(filter.closeTo ? { $lte: filter.closeTo } : {}),
    },
  };
}

export const pipelineAggregation = (filter: PipelineFilter): AggregationPipeline => [
  { $match: { status: 'open', ...(filter.ownerIds ? ownerFilter(filter.ownerIds) : {}), ...closeDateRange(filter) } },
  { $group: { _id: { stage: '$stage', currency: '$currency' }, ...moneySums } },
];
