import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { type CommandFields, IsCalendarDate, IsMultilineText } from '@ledger/platform';
import { AsOfQuery, ConsistencyQuery } from '@ledger/read-store';
import type { CancelOrder, ChangeOrderLineQuantity, FulfilOrder, RejectOrder } from '../domain';

export class OrderReasonRequest implements CommandFields<RejectOrder, 'orderId'>, CommandFields<CancelOrder, 'orderId'> {
  @ApiProperty({ example: 'The customer cancelled the purchase' }) @IsMultilineText(1000) reason!: string;
}

export class FulfilOrderRequest implements CommandFields<FulfilOrder, 'orderId'> {
  @ApiProperty({
    example: '2026-04-15',
    description: 'The business day it was fulfilled (YYYY-MM-DD); never in the future: at the latest tomorrow in UTC, for time zones ahead of UTC (422 business-date-in-the-future)',
  })
  @IsCalendarDate()
  fulfilledOn!: string;
}

export class ChangeOrderLineRequest implements CommandFields<ChangeOrderLineQuantity, 'orderId' | 'lineId'> {
  @ApiProperty({ example: 3, minimum: 1 }) @IsInt() @Min(1) @Max(1_000_000) quantity!: number;
}

const ORDER_STATUSES = ['pending-approval', 'approved', 'fulfilled', 'cancelled', 'rejected'] as const;

export class ListOrdersRequest extends ConsistencyQuery {
  @ApiPropertyOptional() @IsOptional() @IsUUID() opportunityId?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() quoteId?: string;
  @ApiPropertyOptional({ enum: ORDER_STATUSES }) @IsOptional() @IsIn(ORDER_STATUSES) status?: (typeof ORDER_STATUSES)[number];
  @ApiPropertyOptional({ default: 50, maximum: 200 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit?: number;
  @ApiPropertyOptional({ description: 'nextCursor of the previous page' }) @IsOptional() @MaxLength(500) cursor?: string;
}

export class GetOrderRequest extends AsOfQuery {}
