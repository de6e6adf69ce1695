import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { AsOfQuery, ConsistencyQuery } from '@ledger/read-store';
import { type CommandFields, IsCalendarDate, IsOptionalNotNull, IsMultilineText, IsText } from '@ledger/platform';
import { productCodeFor } from '../../product';
import type { QuoteLineToAdd, QuoteRevision } from '../application';
import type { ApproveQuote, ChangeLine, DeclineQuote, RejectQuote, SetQuoteDiscount, SetTax } from '../domain';

const BASIS_POINTS = { minimum: 0, maximum: 10_000, description: 'Basis points: 1500 = 15 %' };

export class DraftQuoteRequest {
  @ApiProperty({ example: '7d7ab8c4-6f35-4c57-9d8f-7b8a1d2f0e11' }) @IsUUID() opportunityId!: string;
  @ApiProperty({ example: '2027-03-31', description: 'Valid through this day, inclusive' }) @IsCalendarDate() validUntil!: string;
  @ApiPropertyOptional({ ...BASIS_POINTS, default: 0 }) @IsOptionalNotNull() @IsInt() @Min(0) @Max(10_000) taxBp?: number;
  @ApiPropertyOptional({ description: "Only when the opportunity has no amount; otherwise its amount's currency", example: 'USD' })
  @IsOptionalNotNull()
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO-4217 code such as USD' })
  currency?: string;
}

export class AddLineRequest implements CommandFields<QuoteLineToAdd, 'quoteId' | 'lineId'> {
  @ApiProperty({ example: 'GTX-PRO', description: 'Case and spacing are ignored: "gtx pro" is GTX-PRO' })
  @IsText(60)
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? productCodeFor(value) : value))
  productCode!: string;
  @ApiProperty({ example: 2, minimum: 1 }) @IsInt() @Min(1) @Max(1_000_000) quantity!: number;
  @ApiPropertyOptional({ example: 482100, description: "Minor units; the product's list price in the quote's currency when absent" })
  @IsOptionalNotNull()
  @IsInt()
  @Min(0)
  unitPriceMinor?: number;
  @ApiPropertyOptional({ ...BASIS_POINTS, default: 0 }) @IsOptionalNotNull() @IsInt() @Min(0) @Max(10_000) discountBasisPoints?: number;
  @ApiPropertyOptional({ example: 'GTX Pro with three years of support', description: "The product's name when absent" }) @IsOptionalNotNull() @IsMultilineText(500) description?: string;
}

export class ChangeLineRequest implements CommandFields<ChangeLine, 'quoteId' | 'lineId'> {
  @ApiPropertyOptional({ example: 3, minimum: 1 }) @IsOptionalNotNull() @IsInt() @Min(1) @Max(1_000_000) quantity?: number;
  @ApiPropertyOptional({ example: 450000 }) @IsOptionalNotNull() @IsInt() @Min(0) unitPriceMinor?: number;
  @ApiPropertyOptional({ ...BASIS_POINTS, example: 500 }) @IsOptionalNotNull() @IsInt() @Min(0) @Max(10_000) discountBasisPoints?: number;
}

export class SetDiscountRequest implements CommandFields<SetQuoteDiscount, 'quoteId'> {
  @ApiProperty({ ...BASIS_POINTS, example: 500 }) @IsInt() @Min(0) @Max(10_000) discountBp!: number;
}

export class SetTaxRequest implements CommandFields<SetTax, 'quoteId'> {
  @ApiProperty({ ...BASIS_POINTS, example: 2000 }) @IsInt() @Min(0) @Max(10_000) taxBp!: number;
}

export class ApproveQuoteRequest implements CommandFields<ApproveQuote, 'quoteId'> {
  @ApiPropertyOptional({ example: 'b8b34ea0', description: 'linesHash from the approvals queue: refused if the content changed since' })
  @IsOptionalNotNull()
  @IsText(40)
  linesHash?: string;
}

export class ReasonRequest implements CommandFields<RejectQuote, 'quoteId'>, CommandFields<DeclineQuote, 'quoteId'> {
  @ApiProperty({ example: 'The discount is above what we agreed' }) @IsMultilineText(1000) reason!: string;
}

export class ReviseQuoteRequest implements CommandFields<QuoteRevision, 'quoteId' | 'newQuoteId'> {
  @ApiPropertyOptional({ example: '2027-06-30', description: "The previous version's if still ahead, else 30 days from today" })
  @IsOptionalNotNull()
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

export class GetQuoteRequest extends AsOfQuery {}
