import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, Max, MaxLength, Min } from 'class-validator';
import { IsText } from '@ledger/platform';
import { AsOfQuery, ConsistencyQuery } from '@ledger/read-store';

const KINDS = ['account', 'contact', 'opportunity', 'quote', 'order', 'task', 'activity'] as const;

export class TimelineRequest extends ConsistencyQuery {
  @ApiPropertyOptional({ default: 100, maximum: 500 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit?: number;
  @ApiPropertyOptional({ description: 'nextCursor of the previous page' }) @IsOptional() @MaxLength(500) cursor?: string;
  @ApiPropertyOptional({ description: 'Only these kinds, comma-separated', example: 'activity,task' })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.split(',') : value))
  @IsIn(KINDS, { each: true })
  kinds?: string[];
}

export class AccountOverviewRequest extends AsOfQuery {}

export class TeamRequest extends ConsistencyQuery {
  @ApiPropertyOptional({ example: 'Central' }) @IsOptional() @IsText(100) regionalOffice?: string;
  @ApiPropertyOptional({ description: 'Direct reports of this manager' }) @IsOptional() @IsText(100) managerId?: string;
  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @Transform(({ value }) => value === 'true' || value === true)
  @IsBoolean()
  includeInactive?: boolean;
  @ApiPropertyOptional({ default: 50, maximum: 500 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit?: number;
  @ApiPropertyOptional({ description: 'nextCursor of the previous page' }) @IsOptional() @MaxLength(500) cursor?: string;
}
