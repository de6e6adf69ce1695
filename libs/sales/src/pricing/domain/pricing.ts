import { MAX_AMOUNT_MINOR } from '@ledger/event-sourcing/kernel';
import {
  AmountTooLargeError,
  InvalidDiscountError,
  InvalidQuantityError,
  InvalidTaxRateError,
  InvalidUnitPriceError,
} from './pricing.errors';

/** 100 % in basis points. */
export const FULL_BASIS_POINTS = 10_000;

/** One line of a quote. Money is in integer minor units of the quote's currency. */
export type QuoteLine = {
  readonly lineId: string;
  readonly productCode: string;
  readonly description: string;
  /** A positive whole number. */
  readonly quantity: number;
  /** A non-negative whole number of minor units. */
  readonly unitPriceMinor: number;
  /** 0..10000: percent × 100. */
  readonly discountBasisPoints: number;
};

/** What the arithmetic needs from a line. */
export type PricedLine = Pick<QuoteLine, 'quantity' | 'unitPriceMinor' | 'discountBasisPoints'>;

/** Every amount is a non-negative safe integer of minor units; no floats. */
export type QuoteTotals = {
  /** Σ quantity × unit price. */
  readonly grossMinor: number;
  /** Σ per-line discounts. */
  readonly lineDiscountMinor: number;
  /** gross − line discounts. */
  readonly subtotalMinor: number;
  /** The quote-level discount, on the subtotal. */
  readonly quoteDiscountMinor: number;
  /** Tax on subtotal − quote discount. */
  readonly taxMinor: number;
  /** subtotal − quote discount + tax. */
  readonly totalMinor: number;
  /** (line discounts + quote discount) / gross in basis points, half up; 0 when gross is 0. */
  readonly effectiveDiscountBp: number;
};

/** What the seller earns: the total before tax (tax is collected for someone else). Revenue and deal amounts are net. */
export const netOfTax = (totals: Pick<QuoteTotals, 'totalMinor' | 'taxMinor'>): number => totals.totalMinor - totals.taxMinor;

/** Totals as clients read them: the net (after every discount, before tax), the tax and the gross the buyer pays (`totalMinor`), side by side. */
export type TotalsWithNet = QuoteTotals & {
  /** After every discount, before tax: what the seller earns, and what revenue counts. */
  readonly netMinor: number;
};
export const withNetOfTax = (totals: QuoteTotals): TotalsWithNet => ({ ...totals, netMinor: netOfTax(totals) });

export const ZERO_TOTALS: QuoteTotals = {
  grossMinor: 0,
  lineDiscountMinor: 0,
  subtotalMinor: 0,
  quoteDiscountMinor: 0,
  taxMinor: 0,
  totalMinor: 0,
  effectiveDiscountBp: 0,
};

const isBasisPoints = (value: number): boolean => Number.isInteger(value) && value >= 0 && value <= FULL_BASIS_POINTS;

export const checkQuantity = (quantity: number): void => {
  if (!(Number.isSafeInteger(quantity) && quantity > 0)) throw new InvalidQuantityError(quantity);
};

export const checkUnitPrice = (unitPriceMinor: number): void => {
  if (!(Number.isSafeInteger(unitPriceMinor) && unitPriceMinor >= 0)) throw new InvalidUnitPriceError(unitPriceMinor);
};

export const checkDiscount = (basisPoints: number): void => {
  if (!isBasisPoints(basisPoints)) throw new InvalidDiscountError(basisPoints);
};

export const checkTaxRate = (basisPoints: number): void => {
  if (!isBasisPoints(basisPoints)) throw new InvalidTaxRateError(basisPoints);
};

const safe = (amount: number): number => {
  if (!Number.isSafeInteger(amount)) throw new AmountTooLargeError();
  return amount;
};

/** A gross or a total is an amount like any other: at most `MAX_AMOUNT_MINOR`, so that sums of them stay exact. */
const bounded = (amount: number): number => {
  if (!(Number.isSafeInteger(amount) && amount <= MAX_AMOUNT_MINOR)) throw new AmountTooLargeError();
  return amount;
};

/** floor(a / b) for non-negative safe integers, without a float division. */
const floorDiv = (a: number, b: number): number => (a - (a % b)) / b;

/**
 * round(value × numerator / denominator), halves rounded up, for non-negative safe integers.
 * Half up of x/d is floor(x/d + 1/2) = floor((2x + d) / 2d). The product stays in `number` while
 * that is exact and falls back to BigInt (still integers) when it would not be.
 */
export const mulDivHalfUp = (value: number, numerator: number, denominator: number): number => {
  const twice = 2 * value * numerator + denominator;
  if (Number.isSafeInteger(twice) && Number.isSafeInteger(2 * denominator)) return floorDiv(twice, 2 * denominator);
  const d = BigInt(denominator);
  return safe(Number((2n * BigInt(value) * BigInt(numerator) + d) / (2n * d)));
};

/** A share of `amountMinor` in basis points, rounded half up to the minor unit. */
export const basisPointsOf = (amountMinor: number, basisPoints: number): number =>
  mulDivHalfUp(amountMinor, basisPoints, FULL_BASIS_POINTS);

export type LineAmounts = {
  readonly grossMinor: number;
  readonly discountMinor: number;
  readonly netMinor: number;
};

/** Per line, half up: the line discount is rounded to the minor unit on each line, before summing. */
export const lineAmounts = (line: PricedLine): LineAmounts => {
  checkQuantity(line.quantity);
  checkUnitPrice(line.unitPriceMinor);
  checkDiscount(line.discountBasisPoints);
  const grossMinor = bounded(line.quantity * line.unitPriceMinor);
  const discountMinor = basisPointsOf(grossMinor, line.discountBasisPoints);
  return { grossMinor, discountMinor, netMinor: grossMinor - discountMinor };
};

/**
 * The totals of a quote. Each line discount is rounded half up on its line; the quote discount is
 * taken on the subtotal and the tax on the discounted subtotal, each rounded half up once.
 * Throws `amount-too-large` when the gross or the total would exceed `MAX_AMOUNT_MINOR`.
 */
export const quoteTotals = (lines: readonly PricedLine[], quoteDiscountBp: number, taxBp: number): QuoteTotals => {
  checkDiscount(quoteDiscountBp);
  checkTaxRate(taxBp);
  let grossMinor = 0;
  let lineDiscountMinor = 0;
  for (const line of lines) {
    const amounts = lineAmounts(line);
    grossMinor = bounded(grossMinor + amounts.grossMinor);
    lineDiscountMinor += amounts.discountMinor; // ≤ gross, so safe too
  }
  const subtotalMinor = grossMinor - lineDiscountMinor;
  const quoteDiscountMinor = basisPointsOf(subtotalMinor, quoteDiscountBp);
  const taxMinor = basisPointsOf(subtotalMinor - quoteDiscountMinor, taxBp);
  const totalMinor = bounded(subtotalMinor - quoteDiscountMinor + taxMinor);
  const effectiveDiscountBp =
    grossMinor === 0 ? 0 : mulDivHalfUp(lineDiscountMinor + quoteDiscountMinor, FULL_BASIS_POINTS, grossMinor);
  return {
    grossMinor,
    lineDiscountMinor,
    subtotalMinor,
    quoteDiscountMinor,
    taxMinor,
    totalMinor,
    effectiveDiscountBp,
  };
};

/** FNV-1a, 32 bits, over the UTF-8 bytes of `text`; 8 lowercase hex digits. */
export const fnv1a32 = (text: string): string => {
  let hash = 0x811c9dc5;
  const add = (byte: number): void => {
    hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  };
  for (const char of text) {
    const cp = char.codePointAt(0) ?? 0;
    if (cp < 0x80) add(cp);
    else if (cp < 0x800) {
      add(0xc0 | (cp >> 6));
      add(0x80 | (cp & 0x3f));
    } else if (cp < 0x10000) {
      add(0xe0 | (cp >> 12));
      add(0x80 | ((cp >> 6) & 0x3f));
      add(0x80 | (cp & 0x3f));
    } else {
      add(0xf0 | (cp >> 18));
      add(0x80 | ((cp >> 12) & 0x3f));
      add(0x80 | ((cp >> 6) & 0x3f));
      add(0x80 | (cp & 0x3f));
    }
  }
  return hash.toString(16).padStart(8, '0');
};

/** What an approval is given for: everything that sets the price. */
export type PricedContent = {
  readonly currency: string;
  readonly lines: readonly QuoteLine[];
  readonly quoteDiscountBp: number;
  readonly taxBp: number;
};

/**
 * A fingerprint of the priced content: FNV-1a 32 over a canonical JSON (fixed key order, lines in
 * quote order). An approver sends back the hash of what they reviewed; any later change differs.
 */
export const quoteLinesHash = (content: PricedContent): string =>
  fnv1a32(
    JSON.stringify([
      content.currency,
      content.lines.map((l) => [
        l.lineId,
        l.productCode,
        l.description,
        l.quantity,
        l.unitPriceMinor,
        l.discountBasisPoints,
      ]),
      content.quoteDiscountBp,
      content.taxBp,
    ]),
  );
