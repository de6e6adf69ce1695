import { ownerFilter } from '../opportunity-view/owner-filter';
import type { Pipeline as AggregationPipeline } from '@ledger/read-store';
import { moneySums } from '../pipeline/pipeline.mongo-query';
import type { ForecastFilter } from './get-forecast.query';

/** Open deals by expected close month, won deals by the month they closed; omitted ones are left out. */
export const forecastAggregation = (filter: ForecastFilter): AggregationPipeline => [
  {
    $match: {
      status: { $in: ['open', 'won'] },
      forecastCategory: { $ne: 'omitted' },
      ...(filter.ownerIds ? ownerFilter(filter.ownerIds) : {}),
    },
  },
  {
    $addFields: { month: { $cond: [{ $eq: ['$status', 'won'] }, '$closedMonth', '$expectedCloseMonth'] } },
  },
  ...(filter.fromMonth || filter.toMonth
    ? [
        {
          $match: {
            month: { ...(filter.fromMonth ? { $gte: filter.fromMonth } : {}), ...(filter.toMonth ? { $lte: filter.toMonth } : {}) },
          },
        },
      ]
    : []),
  { $group: { _id: { month: '$month', forecastCategory: '$forecastCategory', currency: '$currency' }, ...moneySums } },
];
