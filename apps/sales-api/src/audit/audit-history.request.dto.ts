import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, Matches, Max, Min } from 'class-validator';
import { IsText } from '@ledger/platform';

/** A page of one stream's history: the filters that apply within a stream. */
export class StreamHistoryRequest {
  @ApiPropertyOptional({ example: 'OpportunityStageChanged', description: 'Only events of this type' })
  @IsOptional()
  @Matches(/^[A-Za-z][A-Za-z0-9]{0,99}$/, { message: 'type is an event type such as OpportunityStageChanged' })
  type?: string;

  @ApiPropertyOptional({ example: 'darcel-schlecht', description: "Only events this user caused (the metadata's actor.userId)" })
  @IsOptional()
  @IsText(200)
  actor?: string;

  @ApiPropertyOptional({ description: 'Only events of this flow (the metadata\'s correlationId: a command and everything its process managers did after it)' })
  @IsOptional()
  @IsText(200)
  correlationId?: string;

  @ApiPropertyOptional({ example: '2026-11-01T00:00:00Z', description: 'Recorded at or after this ISO-8601 instant' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ example: '2026-11-30T23:59:59Z', description: 'Recorded at or before this ISO-8601 instant' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;

  @ApiPropertyOptional({ enum: ['newest', 'oldest'], default: 'newest' })
  @IsOptional()
  @IsIn(['newest', 'oldest'])
  order?: 'newest' | 'oldest';

  @ApiPropertyOptional({ description: 'The nextCursor of the previous page' })
  @IsOptional()
  @Matches(/^\d{1,20}(?:\.\d{1,20})?$/, { message: 'cursor is the nextCursor of a previous page' })
  cursor?: string;

  @ApiPropertyOptional({ default: 100, maximum: 1000, description: 'Events per page (a page folding many long streams may end earlier: follow nextCursor); for CSV, events read per page (default 500)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;

  @ApiPropertyOptional({ enum: ['json', 'csv'], description: 'csv streams every page of the query, one event per row (as does Accept: text/csv)' })
  @IsOptional()
  @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}

/** A page of the whole log's history. */
export class HistoryRequest extends StreamHistoryRequest {
  @ApiPropertyOptional({ example: 'opportunity-3f1c…', description: 'Only this stream' })
  @IsOptional()
  @Matches(/^[a-z][a-z0-9]*-[A-Za-z0-9-]{1,100}$/, { message: 'stream is a stream name, <category>-<id>' })
  stream?: string;

  @ApiPropertyOptional({ example: 'opportunity', description: 'Only streams of this category: opportunity, quote, order, account, contact events are in account, task, activity, member, product, target, rotor, import' })
  @IsOptional()
  @Matches(/^[a-z][a-z0-9]{0,49}$/, { message: 'category is the first part of a stream name, such as opportunity' })
  category?: string;
}
