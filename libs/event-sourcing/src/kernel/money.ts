/**
 * Money is an integer count of the currency's minor unit plus its ISO-4217 code.
 * Never a float: `{ amountMinor: 125000, currency: 'USD' }` is 1,250.00 USD.
 */
export type Money = {
  readonly amountMinor: number;
  readonly currency: string;
};

export const sameMoney = (a: Money | null, b: Money | null): boolean =>
  a === b || (a !== null && b !== null && a.amountMinor === b.amountMinor && a.currency === b.currency);
