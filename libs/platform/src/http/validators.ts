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

/*
 * Characters a person never means to store: C0 and C1 controls and DEL (NUL, the ANSI escape that
 * recolours a terminal reading the log), and the bidi embeddings, overrides and isolates that make
 * text read other than it is stored (U+202A-U+202E, U+2066-U+2069). Multi-line text keeps tab and line breaks.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL_CHARACTERS_BUT_LINE_BREAKS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/** Half of a UTF-16 surrogate pair without its other half: no Unicode text, and no RFC 8785 form for the log's hash chain. */
const UNPAIRED_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

const IsWellFormedText = (): PropertyDecorator =>
  ValidateBy({
    name: 'isWellFormedText',
    validator: { validate: (value: unknown) => typeof value === 'string' && !UNPAIRED_SURROGATE.test(value), defaultMessage: () => '$property must be Unicode text (no unpaired surrogate)' },
  });

const IsWithout = (characters: RegExp, name: string, message: string): PropertyDecorator =>
  ValidateBy({ name, validator: { validate: (value: unknown) => typeof value === 'string' && !characters.test(value), defaultMessage: () => message } });

/** One line of text (a name, a title, an id): no control characters, line breaks included. */
export const IsText = (maxLength: number): PropertyDecorator =>
  applyDecorators(
    IsString(),
    IsNotEmpty(),
    MaxLength(maxLength),
    IsWellFormedText(),
    IsWithout(CONTROL_CHARACTERS, 'isSingleLineText', '$property must be one line of text without control or bidi-override characters'),
  );

/** Text that may run over lines (a body, notes, a reason): tab and line breaks, but no other control characters. */
export const IsMultilineText = (maxLength: number): PropertyDecorator =>
  applyDecorators(
    IsString(),
    IsNotEmpty(),
    MaxLength(maxLength),
    IsWellFormedText(),
    IsWithout(CONTROL_CHARACTERS_BUT_LINE_BREAKS, 'isText', '$property must be text without control or bidi-override characters (tab and line breaks are fine)'),
  );

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
