import { ApiProperty } from '@nestjs/swagger';
import { IsISO4217CurrencyCode, IsInt, Max, Min } from 'class-validator';

export class MoneyRequest {
  @ApiProperty({ description: 'Integer amount in the currency minor unit (cents for USD)', example: 1250000 })
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  amountMinor!: number;

  @ApiProperty({ description: 'ISO-4217 code', example: 'USD' })
  @IsISO4217CurrencyCode()
  currency!: string;
}
