import { applyDecorators } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsArray, IsNotEmpty, IsString, MaxLength, ValidateBy, ValidateIf, ValidateNested } from 'class-validator';
import { isCalendarDate, isPlainObject } from '@ledger/event-sourcing/kernel';
import { MoneyRequest } from './money.request.dto';

/** A YYYY-MM-DD date that exists in the calendar (2026-02-30 is refused), from 1900 on (0000-01-01 is a slip). */
export const IsCalendarDate = (): PropertyDecorator =>
  ValidateBy({
    name: 'isCalendarDate',
    validator: {
      validate: (value: unknown) => isCalendarDate(value),
      defaultMessage: () => '$property must be a calendar date as YYYY-MM-DD, from 1900-01-01 on',
    },
  });

/**
 * May be left out, but not sent as `null`: `@IsOptional` skips a null, which then reaches the
 * domain as if it were a value. Only a field the API documents as cleared by `null` uses `@IsOptional`.
 */
export const IsOptionalNotNull = (): PropertyDecorator => ValidateIf((_, value) => value !== undefined);

export const IsText = (maxLength: number): PropertyDecorator =>
  applyDecorators(IsString(), IsNotEmpty(), MaxLength(maxLength));

/**
 * A JSON object, nothing else: `@ValidateNested` alone lets an array through (it validates its
 * elements instead) and `null` past `@IsOptional`.
 */
export const IsPlainObject = (options: { each?: boolean } = {}): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isPlainObject',
      validator: {
        validate: (value: unknown) => isPlainObject(value),
        defaultMessage: () => (options.each ? 'each of $property must be an object' : '$property must be an object'),
      },
    },
    options,
  );

/** An object validated as the request class `type`. */
export const IsNested = (type: () => new () => object): PropertyDecorator =>
  applyDecorators(IsPlainObject(), ValidateNested(), Type(type));

/** A list of objects, each validated as the request class `type`. */
export const IsNestedList = (type: () => new () => object): PropertyDecorator =>
  applyDecorators(IsArray(), IsPlainObject({ each: true }), ValidateNested({ each: true }), Type(type));

/** A money object `{ amountMinor, currency }`. */
export const IsMoney = (): PropertyDecorator => IsNested(() => MoneyRequest);
