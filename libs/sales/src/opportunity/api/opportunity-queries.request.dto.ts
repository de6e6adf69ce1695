import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { AsOfQuery, ConsistencyQuery } from '@ledger/read-store';
import { FORECAST_CATEGORIES, type ForecastCategory, STAGES, type Stage } from '../domain';
import { LIST_SORTS } from '../read-models';
import { IsCalendarDate, IsText } from '@ledger/platform';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export class ListOpportunitiesRequest extends ConsistencyQuery {
  @ApiPropertyOptional() @IsOptional() @IsText(100) ownerId?: string;
  @ApiPropertyOptional({ description: 'Only the opportunities that belong to this account' }) @IsOptional() @IsUUID() accountId?: string;
  @ApiPropertyOptional({ enum: STAGES }) @IsOptional() @IsIn(STAGES) stage?: Stage;
  @ApiPropertyOptional({ enum: ['open', 'won', 'lost'] }) @IsOptional() @IsIn(['open', 'won', 'lost']) status?: 'open' | 'won' | 'lost';
  @ApiPropertyOptional({ enum: FORECAST_CATEGORIES }) @IsOptional() @IsIn(FORECAST_CATEGORIES) forecastCategory?: ForecastCategory;
  @ApiPropertyOptional({ description: 'Expected close date from (inclusive)' }) @IsOptional() @IsCalendarDate() closeFrom?: string;
  @ApiPropertyOptional({ description: 'Expected close date to (inclusive)' }) @IsOptional() @IsCalendarDate() closeTo?: string;
  @ApiPropertyOptional({ description: 'Minor units' }) @IsOptional() @Type(() => Number) @IsInt() @Min(0) amountMin?: number;
  @ApiPropertyOptional({ description: 'Minor units' }) @IsOptional() @Type(() => Number) @IsInt() @Min(0) amountMax?: number;
  @ApiPropertyOptional({ example: 'USD' }) @IsOptional() @Matches(/^[A-Z]{3}$/) currency?: string;
  @ApiPropertyOptional({ description: 'Words that begin words of the title or of the account name, each somewhere (case and accents ignored)' }) @IsOptional() @IsText(100) q?: string;
  @ApiPropertyOptional({ enum: LIST_SORTS, default: 'expectedCloseDate', description: 'A field, ascending; `-` and the field, descending (`-amount`: largest first, those without an amount last)' })
  @IsOptional()
  @IsIn(LIST_SORTS)
  sort?: string;
  @ApiPropertyOptional({ enum: ['asc', 'desc'], default: 'asc', description: 'For a sort without `-`; `asc` with a `-` sort is refused (conflicting-sort-order)' })
  @IsOptional()
  @IsIn(['asc', 'desc'])
  order?: 'asc' | 'desc';
  @ApiPropertyOptional({ default: 50, maximum: 200 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit?: number;
  @ApiPropertyOptional({ description: 'nextCursor of the previous page' }) @IsOptional() @MaxLength(500) cursor?: string;
}

export class PipelineRequest extends AsOfQuery {
  @ApiPropertyOptional() @IsOptional() @IsText(100) ownerId?: string;
  @ApiPropertyOptional() @IsOptional() @IsCalendarDate() closeFrom?: string;
  @ApiPropertyOptional() @IsOptional() @IsCalendarDate() closeTo?: string;
}

export class ForecastRequest extends AsOfQuery {
  @ApiPropertyOptional() @IsOptional() @IsText(100) ownerId?: string;
  @ApiPropertyOptional({ example: '2027-01' }) @IsOptional() @Matches(MONTH, { message: 'fromMonth must be YYYY-MM' }) fromMonth?: string;
  @ApiPropertyOptional({ example: '2027-12' }) @IsOptional() @Matches(MONTH, { message: 'toMonth must be YYYY-MM' }) toMonth?: string;
}

export class GetOpportunityRequest extends AsOfQuery {}

export class PipelineChangesRequest {
  @ApiProperty({ example: '2027-01-01T00:00:00Z', description: 'The earlier instant (ISO-8601)' })
  @IsISO8601({ strict: true, strictSeparator: true })
  from!: string;

  @ApiProperty({ example: '2027-03-31T23:59:59Z', description: 'The later instant (ISO-8601), not in the future' })
  @IsISO8601({ strict: true, strictSeparator: true })
  to!: string;

  @ApiPropertyOptional({ description: "Only this owner's deals (a manager's own team when absent, as in GET /pipeline)" }) @IsOptional() @IsText(100) ownerId?: string;
  @ApiPropertyOptional({ description: 'The period: only deals expected to close on or after this day count' }) @IsOptional() @IsCalendarDate() closeFrom?: string;
  @ApiPropertyOptional({ description: 'The period: only deals expected to close on or before this day count' }) @IsOptional() @IsCalendarDate() closeTo?: string;
}
