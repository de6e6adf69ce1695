import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { IsCalendarDate, IsText } from '@ledger/platform';
import { ConsistencyQuery } from '@ledger/read-store';
import { REPORT_GROUPINGS, type ReportGrouping } from '../read-models/report-scope';

/** A day (2017-08-15), a month (2017-08), a quarter (2017-Q3) or a year (2017): `from` is its first day, `to` its last. */
const PERIOD = /^\d{4}(?:-(?:Q[1-4]|(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?))?$/;
const PERIOD_MESSAGE = '$property is a day (2017-08-15), a month (2017-08), a quarter (2017-Q3) or a year (2017)';

/** The filters every report takes. Dates are business dates: when a deal closed (or opened, for the funnel; drafted, for quotes). */
export class ReportRequest extends ConsistencyQuery {
  @ApiPropertyOptional({ example: '2017-Q1', description: 'From this business date (a day, month, quarter or year: its first day)' })
  @IsOptional()
  @Matches(PERIOD, { message: PERIOD_MESSAGE })
  from?: string;

  @ApiPropertyOptional({ example: '2017-12', description: 'To this business date, inclusive (a day, month, quarter or year: its last day)' })
  @IsOptional()
  @Matches(PERIOD, { message: PERIOD_MESSAGE })
  to?: string;

  @ApiPropertyOptional({ example: 'darcel-schlecht', description: "An agent's user id" })
  @IsOptional()
  @IsText(100)
  agent?: string;

  @ApiPropertyOptional({ example: 'summer-sewald', description: "A manager's user id: the manager and everyone below them" })
  @IsOptional()
  @IsText(100)
  manager?: string;

  @ApiPropertyOptional({ example: 'West', description: 'A regional office' })
  @IsOptional()
  @IsText(100)
  region?: string;

  @ApiPropertyOptional({ example: 'GTX-PRO', description: 'A product code (or name: GTX Pro)' })
  @IsOptional()
  @IsText(100)
  product?: string;

  @ApiPropertyOptional({ example: 'retail' })
  @IsOptional()
  @IsText(100)
  sector?: string;

  @ApiPropertyOptional({ example: 'USD' })
  @IsOptional()
  @Matches(/^[A-Za-z]{3}$/, { message: 'currency is an ISO-4217 code such as USD' })
  currency?: string;

  @ApiPropertyOptional({ enum: ['json', 'csv'], description: 'csv streams the rows with a header row (as does Accept: text/csv)' })
  @IsOptional()
  @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}

export class GroupedReportRequest extends ReportRequest {
  @ApiPropertyOptional({ enum: REPORT_GROUPINGS, default: 'month' })
  @IsOptional()
  @IsIn(REPORT_GROUPINGS)
  by?: ReportGrouping;
}

export class QuotesReportRequest extends ReportRequest {
  @ApiPropertyOptional({ enum: REPORT_GROUPINGS, description: 'Without it, one row for all the quotes' })
  @IsOptional()
  @IsIn(REPORT_GROUPINGS)
  by?: ReportGrouping;
}

export class LostReasonsRequest extends ReportRequest {
  @ApiPropertyOptional({ enum: ['reason', 'competitor'], default: 'reason' })
  @IsOptional()
  @IsIn(['reason', 'competitor'])
  by?: 'reason' | 'competitor';
}

export class AttainmentRequest extends ReportRequest {
  @ApiPropertyOptional({ example: '2017-Q3', description: 'A month or a quarter (default: the current quarter)' })
  @IsOptional()
  @Matches(/^\d{4}-(?:Q[1-4]|0[1-9]|1[0-2])$/, { message: 'period is a month (2017-08) or a quarter (2017-Q3)' })
  period?: string;
}

export class SegmentsRequest extends ConsistencyQuery {
  @ApiPropertyOptional({ minimum: 2, maximum: 8, description: 'Clusters; without it, k in 2..8 is chosen by silhouette score' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(2)
  @Max(8)
  k?: number;

  @ApiPropertyOptional({ default: 1, description: 'The same seed gives the same clusters' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(2_147_483_647)
  seed?: number;

  @ApiPropertyOptional({ example: '2017-12-31', description: 'Recency is counted to this day; only deals won by then count. Default: the latest close date in the data' })
  @IsOptional()
  @IsCalendarDate()
  asOf?: string;

  @ApiPropertyOptional({ example: 'USD', default: 'USD' })
  @IsOptional()
  @Matches(/^[A-Za-z]{3}$/, { message: 'currency is an ISO-4217 code such as USD' })
  currency?: string;

  @ApiPropertyOptional({ enum: ['json', 'csv'] })
  @IsOptional()
  @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}
