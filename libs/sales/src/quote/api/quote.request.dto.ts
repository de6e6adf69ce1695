import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { ConsistencyQuery } from '@ledger/read-store';
import { type CommandFields, IsCalendarDate, IsText } from '@ledger/platform';
import { productCodeFor } from '../../product';
import type { QuoteLineToAdd, QuoteRevision } from '../application';
import type { ApproveQuote, ChangeLine, DeclineQuote, RejectQuote, SetQuoteDiscount, SetTax } from '../domain';

const BASIS_POINTS = { minimum: 0, maximum: 10_000, description: 'Basis points: 1500 = 15 %' };

export class DraftQuoteRequest {
  @ApiProperty() @IsUUID() opportunityId!: string;
  @ApiProperty({ example: '2027-03-31', description: 'Valid through this day, inclusive' }) @IsCalendarDate() validUntil!: string;
  @ApiPropertyOptional({ ...BASIS_POINTS, default: 0 }) @IsOptional() @IsInt() @Min(0) @Max(10_000) taxBp?: number;
  @ApiPropertyOptional({ description: "Only when the opportunity has no amount; otherwise its amount's currency", example: 'USD' })
  @IsOptional()
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO-4217 code such as USD' })
  currency?: string;
}

export class AddLineRequest implements CommandFields<QuoteLineToAdd, 'quoteId' | 'lineId'> {
  @ApiProperty({ example: 'GTX-PRO', description: 'Case and spacing are ignored: "gtx pro" is GTX-PRO' })
  @IsText(60)
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? productCodeFor(value) : value))
  productCode!: string;
  @ApiProperty({ minimum: 1 }) @IsInt() @Min(1) @Max(1_000_000) quantity!: number;
  @ApiPropertyOptional({ description: "Minor units; the product's list price in the quote's currency when absent" })
  @IsOptional()
  @IsInt()
  @Min(0)
  unitPriceMinor?: number;
  @ApiPropertyOptional({ ...BASIS_POINTS, default: 0 }) @IsOptional() @IsInt() @Min(0) @Max(10_000) discountBasisPoints?: number;
  @ApiPropertyOptional({ description: "The product's name when absent" }) @IsOptional() @IsText(500) description?: string;
}

export class ChangeLineRequest implements CommandFields<ChangeLine, 'quoteId' | 'lineId'> {
  @ApiPropertyOptional({ minimum: 1 }) @IsOptional() @IsInt() @Min(1) @Max(1_000_000) quantity?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) unitPriceMinor?: number;
  @ApiPropertyOptional(BASIS_POINTS) @IsOptional() @IsInt() @Min(0) @Max(10_000) discountBasisPoints?: number;
}

export class SetDiscountRequest implements CommandFields<SetQuoteDiscount, 'quoteId'> {
  @ApiProperty(BASIS_POINTS) @IsInt() @Min(0) @Max(10_000) discountBp!: number;
}

export class SetTaxRequest implements CommandFields<SetTax, 'quoteId'> {
  @ApiProperty(BASIS_POINTS) @IsInt() @Min(0) @Max(10_000) taxBp!: number;
}

export class ApproveQuoteRequest implements CommandFields<ApproveQuote, 'quoteId'> {
  @ApiPropertyOptional({ description: 'linesHash from the approvals queue: refused if the content changed since' })
  @IsOptional()
  @IsText(40)
  linesHash?: string;
}

export class ReasonRequest implements CommandFields<RejectQuote, 'quoteId'>, CommandFields<DeclineQuote, 'quoteId'> {
  @ApiProperty() @IsText(1000) reason!: string;
}

export class ReviseQuoteRequest implements CommandFields<QuoteRevision, 'quoteId' | 'newQuoteId'> {
  @ApiPropertyOptional({ description: "The previous version's if still ahead, else 30 days from today" })
  @IsOptional()
  @IsCalendarDate()
  validUntil?: string;
}

const QUOTE_STATUSES = ['draft', 'pending-approval', 'approved', 'sent', 'accepted', 'declined', 'expired', 'superseded'] as const;

export class ListQuotesRequest extends ConsistencyQuery {
  @ApiPropertyOptional() @IsOptional() @IsUUID() opportunityId?: string;
  @ApiPropertyOptional({ enum: QUOTE_STATUSES }) @IsOptional() @IsIn(QUOTE_STATUSES) status?: (typeof QUOTE_STATUSES)[number];
  @ApiPropertyOptional({ default: 50, maximum: 200 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit?: number;
  @ApiPropertyOptional({ description: 'nextCursor of the previous page' }) @IsOptional() @MaxLength(500) cursor?: string;
}

export class GetQuoteRequest extends ConsistencyQuery {}
