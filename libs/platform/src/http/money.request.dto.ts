import { ApiProperty } from '@nestjs/swagger';
import { IsISO4217CurrencyCode, IsInt, Matches, Max, Min } from 'class-validator';
import { MAX_AMOUNT_MINOR } from '@ledger/event-sourcing';

export class MoneyRequest {
  @ApiProperty({
    description: 'Integer amount in the currency minor unit (cents for USD), at most 10^10 (so that every sum is exact)',
    example: 1250000,
    maximum: MAX_AMOUNT_MINOR,
  })
  @IsInt()
  @Min(0)
  @Max(MAX_AMOUNT_MINOR)
  amountMinor!: number;

  @ApiProperty({ description: 'ISO-4217 code, upper case', example: 'USD' })
  @Matches(/^[A-Z]{3}$/, { message: '$property must be an upper-case ISO-4217 code such as USD' })
  @IsISO4217CurrencyCode()
  currency!: string;
}

/** An account's annual revenue: an integer amount like any money, but never summed (a segment's mean is taken exactly in BigInt), so not capped at MAX_AMOUNT_MINOR. */
export class RevenueRequest {
  @ApiProperty({ description: 'Integer amount in the currency minor unit (cents for USD)', example: 1_169_803_000_000 })
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  amountMinor!: number;

  @ApiProperty({ description: 'ISO-4217 code, upper case', example: 'USD' })
  @Matches(/^[A-Z]{3}$/, { message: '$property must be an upper-case ISO-4217 code such as USD' })
  @IsISO4217CurrencyCode()
  currency!: string;
}
