import { DomainError } from './domain-error';

/**
 * Money is an integer count of the currency's minor unit plus its ISO-4217 code.
 * Never a float: `{ amountMinor: 125000, currency: 'USD' }` is 1,250.00 USD.
 */
export type Money = {
  readonly amountMinor: number;
  readonly currency: string;
};

/**
 * The largest amount accepted anywhere: 10^10 minor units (100,000,000.00 USD). Every single amount,
 * and every product the domain takes of one (quantity × price, discounts, tax, a probability
 * weighting × 100 ≤ 10^12), is then an exact integer in a double; a sum of such non-negative
 * integers is exact while its total stays below 2^53 (every partial sum is at most the total), so
 * any sum of up to 900,719 amounts (9,007 weighted ones) is exact whatever the amounts.
 */
export const MAX_AMOUNT_MINOR = 10_000_000_000;

/** A whole, non-negative count of minor units no larger than `MAX_AMOUNT_MINOR`. */
export const isAmountMinor = (value: unknown): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= MAX_AMOUNT_MINOR;

export const sameMoney = (a: Money | null, b: Money | null): boolean =>
  a === b || (a !== null && b !== null && a.amountMinor === b.amountMinor && a.currency === b.currency);

const decimalsByCurrency = new Map<string, number>();

/**
 * How many digits the currency's minor unit has (ISO 4217 as Intl knows it: 2 for USD, 0 for JPY,
 * 3 for KWD), looked up once per currency (an Intl.NumberFormat is costly to make per amount).
 */
export function currencyDecimals(currency: string): number {
  let digits = decimalsByCurrency.get(currency);
  if (digits === undefined) {
    digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    decimalsByCurrency.set(currency, digits);
  }
  return digits;
}

/**
 * Money as people read it, in the currency's own decimals, then its code: `{ 819570, USD }` is
 * "8195.70 USD", `{ 5000, JPY }` "5000 JPY". Made from the integer's digits, so exact for any amount.
 */
export function formatMoney({ amountMinor, currency }: Money): string {
  const digits = currencyDecimals(currency);
  const magnitude = String(Math.abs(amountMinor)).padStart(digits + 1, '0');
  const units = digits === 0 ? magnitude : `${magnitude.slice(0, -digits)}.${magnitude.slice(-digits)}`;
  return `${amountMinor < 0 ? '-' : ''}${units} ${currency}`;
}

/** An object as JSON writes one: not null, not an array. */
export const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const CURRENCY_CODE = /^[A-Z]{3}$/;

/** An ISO-4217 code as the log holds it: three capital letters (a `["USD"]` is not one). */
export const isCurrencyCode = (value: unknown): value is string => typeof value === 'string' && CURRENCY_CODE.test(value);

/**
 * Money as the log may hold it, whatever a caller sent: a plain object (not an array, not null)
 * with a safe non-negative integer `amountMinor` and a currency code.
 */
export const isMoney = (value: unknown): value is Money => {
  if (!isPlainObject(value)) return false;
  const { amountMinor, currency } = value;
  return typeof amountMinor === 'number' && Number.isSafeInteger(amountMinor) && amountMinor >= 0 && isCurrencyCode(currency);
};

export class InvalidMoneyError extends DomainError {
  constructor(field: string) {
    super(
      'invalid-money',
      'rule-violated',
      `${field} must be money: an object { amountMinor, currency } with a whole, non-negative amountMinor and an ISO-4217 currency of three capitals.`,
    );
  }
}

/** Money a ledger amount may be (a deal, a price, a target): well-formed and at most `MAX_AMOUNT_MINOR`, so that every sum of them stays exact. */
export const isLedgerAmount = (value: unknown): value is Money => isMoney(value) && isAmountMinor(value.amountMinor);

/** Refuses anything but a well-formed ledger amount (see `isLedgerAmount`), so that a decider never records a malformed or oversized amount, whoever sent it. */
export function checkMoney(field: string, value: unknown): asserts value is Money {
  if (!isLedgerAmount(value)) throw new InvalidMoneyError(field);
}
