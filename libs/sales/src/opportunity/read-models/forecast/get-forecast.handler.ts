import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { queryCube, ReadStore } from '@ledger/read-store';
import { FORECAST_CATEGORIES, type ForecastCategory } from '../../domain';
import { weightedAmount } from '../pipeline/pipeline.cube';
import { FORECAST_CUBE } from './forecast.cube';
import { type Forecast, GetForecastQuery, type ForecastRow } from './get-forecast.query';

const categoryOrder = (category: ForecastCategory): number => FORECAST_CATEGORIES.indexOf(category);
const lastDayOf = (month: string): string => new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).toISOString().slice(0, 10);

@QueryHandler(GetForecastQuery)
export class GetForecastHandler implements IQueryHandler<GetForecastQuery> {
  constructor(private readonly readStore: ReadStore) {}

  async execute({ filter }: GetForecastQuery): Promise<Forecast> {
    const cells = await queryCube(this.readStore, FORECAST_CUBE, {
      from: filter.fromMonth ? `${filter.fromMonth}-01` : undefined,
      to: filter.toMonth ? lastDayOf(filter.toMonth) : undefined,
      ...(filter.ownerIds ? { where: { ownerId: [...filter.ownerIds] } } : {}),
      groupBy: ['month', 'forecastCategory', 'currency'],
      sums: ['total', 'weightedTimes100'],
    });
    const rows: ForecastRow[] = cells.map((row) => ({
      month: row.key.month as string,
      forecastCategory: row.key.forecastCategory as ForecastCategory,
      currency: row.key.currency ?? null,
      count: row.n,
      amountMinor: row.s.total ?? 0,
      weightedAmountMinor: weightedAmount(row.s.weightedTimes100 ?? 0),
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
