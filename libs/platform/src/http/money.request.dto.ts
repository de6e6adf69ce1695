import { ApiProperty } from '@nestjs/swagger';
import { IsISO4217CurrencyCode, IsInt, Matches, Max, Min } from 'class-validator';

export class MoneyRequest {
  @ApiProperty({ description: 'Integer amount in the currency minor unit (cents for USD)', example: 1250000 })
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  amountMinor!: number;

  @ApiProperty({ description: 'ISO-4217 code, upper case', example: 'USD' })
  @Matches(/^[A-Z]{3}$/, { message: '$property must be an upper-case ISO-4217 code such as USD' })
  @IsISO4217CurrencyCode()
  currency!: string;
}
