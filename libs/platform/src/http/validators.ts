import { applyDecorators } from '@nestjs/common';
import { IsNotEmpty, IsString, MaxLength, ValidateBy } from 'class-validator';

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
