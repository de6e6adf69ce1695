import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { ReadStore } from '@ledger/read-store';
import { FORECAST_CATEGORIES, type ForecastCategory } from '../../domain';
import { OPPORTUNITY_VIEWS } from '../opportunity-view/opportunity-view.document';
import { type GroupRow, weighted } from '../pipeline/pipeline.mongo-query';
import { forecastAggregation } from './forecast.mongo-query';
import { type Forecast, GetForecastQuery, type ForecastRow } from './get-forecast.query';

const categoryOrder = (category: ForecastCategory): number => FORECAST_CATEGORIES.indexOf(category);

@QueryHandler(GetForecastQuery)
export class GetForecastHandler implements IQueryHandler<GetForecastQuery> {
  constructor(private readonly readStore: ReadStore) {}

  async execute({ filter }: GetForecastQuery): Promise<Forecast> {
    const groups = await this.readStore.aggregate<GroupRow>(OPPORTUNITY_VIEWS, forecastAggregation(filter));
    const rows: ForecastRow[] = groups.map((row) => ({
      month: row._id.month as string,
      forecastCategory: row._id.forecastCategory as ForecastCategory,
      currency: row._id.currency ?? null,
      count: row.count,
      amountMinor: row.total,
      weightedAmountMinor: weighted(row),
    }));
    rows.sort(
      (a, b) =>
        a.month.localeCompare(b.month) ||
        categoryOrder(a.forecastCategory) - categoryOrder(b.forecastCategory) ||
        (a.currency ?? '').localeCompare(b.currency ?? ''),
    );
    return { rows };
  }
}
