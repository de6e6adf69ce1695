import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsUUID, Max, Min } from 'class-validator';
import { IsNested, IsOptionalNotNull, IsText, RevenueRequest } from '@ledger/platform';
import type { AccountProfile } from '../domain';

/** An account's name and profile: registered by POST /accounts, or on the fly with POST /opportunities. */
export class RegisterAccountRequest {
  @ApiProperty({ example: 'Acme Corporation' }) @IsText(200) name!: string;
  @ApiPropertyOptional({ example: 'technology' }) @IsOptionalNotNull() @IsText(100) sector?: string;
  @ApiPropertyOptional({ example: 1996 }) @IsOptionalNotNull() @IsInt() @Min(1800) @Max(3000) yearEstablished?: number;
  @ApiPropertyOptional({ type: RevenueRequest }) @IsOptionalNotNull() @IsNested(() => RevenueRequest) annualRevenue?: RevenueRequest;
  @ApiPropertyOptional({ example: 2822 }) @IsOptionalNotNull() @IsInt() @Min(0) employees?: number;
  @ApiPropertyOptional({ example: 'United States' }) @IsOptionalNotNull() @IsText(200) officeLocation?: string;
  @ApiPropertyOptional({ example: '7d7ab8c4-6f35-4c57-9d8f-7b8a1d2f0e11', description: 'The account this one is a subsidiary of' }) @IsOptionalNotNull() @IsUUID() parentAccountId?: string;
}

export const profileOf = (request: RegisterAccountRequest): AccountProfile => ({
  sector: request.sector ?? null,
  yearEstablished: request.yearEstablished ?? null,
  annualRevenue: request.annualRevenue ? { amountMinor: request.annualRevenue.amountMinor, currency: request.annualRevenue.currency } : null,
  employees: request.employees ?? null,
  officeLocation: request.officeLocation ?? null,
  parentAccountId: request.parentAccountId ?? null,
});
