import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMinSize, IsBoolean, IsOptional } from 'class-validator';
import { type CommandFields, IsMoney, IsNestedList, IsMultilineText, IsText, MoneyRequest } from '@ledger/platform';
import { ConsistencyQuery } from '@ledger/read-store';
import type { ChangeListPrice, ListProduct, RetireProduct } from '../domain';

export class ListProductRequest implements CommandFields<ListProduct, 'productCode'> {
  @ApiProperty({ example: 'GTX Pro' }) @IsText(200) name!: string;
  @ApiProperty({ example: 'GTX' }) @IsText(100) series!: string;
  @ApiProperty({ type: [MoneyRequest] }) @IsNestedList(() => MoneyRequest) @ArrayMinSize(1) listPrices!: MoneyRequest[];
}

export class ChangePriceRequest implements CommandFields<ChangeListPrice, 'productCode'> {
  @ApiProperty({ type: MoneyRequest }) @IsMoney() price!: MoneyRequest;
}

export class RetireProductRequest implements CommandFields<RetireProduct, 'productCode'> {
  @ApiProperty({ example: 'Replaced by GTX Pro 2' }) @IsMultilineText(1000) reason!: string;
}

export class ListProductsRequest extends ConsistencyQuery {
  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @Transform(({ value }) => value === 'true' || value === true)
  @IsBoolean()
  includeRetired?: boolean;
}

export class GetProductRequest extends ConsistencyQuery {}
