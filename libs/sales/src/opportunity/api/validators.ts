import { applyDecorators } from '@nestjs/common';
import { Type } from 'class-transformer';
import { ValidateNested } from 'class-validator';
import { MoneyRequest } from '@ledger/platform';

export { IsCalendarDate, IsText } from '@ledger/platform';

export const IsMoney = (): PropertyDecorator => applyDecorators(ValidateNested(), Type(() => MoneyRequest));
