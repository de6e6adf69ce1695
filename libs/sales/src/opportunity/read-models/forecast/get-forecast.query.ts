import { Query } from '@nestjs/cqrs';
import type { ForecastCategory } from '../../domain';

/** `ownerIds`: only these owners' opportunities (a manager's team, or one owner). */
export type ForecastFilter = { readonly ownerIds?: readonly string[]; readonly fromMonth?: string; readonly toMonth?: string };

export type ForecastRow = {
  /** YYYY-MM: the expected close month, or the month it was won. */
  readonly month: string;
  readonly forecastCategory: ForecastCategory;
  readonly currency: string | null;
  readonly count: number;
  readonly amountMinor: number;
  readonly weightedAmountMinor: number;
};

export type Forecast = { readonly rows: ForecastRow[] };

export class GetForecastQuery extends Query<Forecast> {
  constructor(readonly filter: ForecastFilter) {
    super();
  }
}
