import { applyDecorators } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsNotEmpty, IsObject, IsString, MaxLength, ValidateBy, ValidateNested } from 'class-validator';
import { MoneyRequest } from './money.request.dto';

const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A YYYY-MM-DD date that exists in the calendar (2026-02-30 is refused). */
export const IsCalendarDate = (): PropertyDecorator =>
  ValidateBy({
    name: 'isCalendarDate',
    validator: {
      validate: (value: unknown) =>
        typeof value === 'string' &&
        CALENDAR_DATE.test(value) &&
        !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) &&
        new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) === value,
      defaultMessage: () => '$property must be a calendar date as YYYY-MM-DD',
    },
  });

export const IsText = (maxLength: number): PropertyDecorator =>
  applyDecorators(IsString(), IsNotEmpty(), MaxLength(maxLength));

/** A money object `{ amountMinor, currency }`: a plain object (an array is refused, not validated element by element). */
export const IsMoney = (): PropertyDecorator => applyDecorators(IsObject(), ValidateNested(), Type(() => MoneyRequest));
