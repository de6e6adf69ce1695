import { DomainError, MAX_AMOUNT_MINOR } from '@ledger/event-sourcing/kernel';
import fc from 'fast-check';
import {
  fnv1a32,
  lineAmounts,
  mulDivHalfUp,
  type PricedLine,
  type QuoteLine,
  quoteLinesHash,
  quoteTotals,
  ZERO_TOTALS,
} from './pricing';

/** Half up with BigInt, straight from the definition: round(x / d) with x/d ≥ 0, .5 going up. */
const bigHalfUp = (value: bigint, numerator: bigint, denominator: bigint): bigint => {
  const product = value * numerator;
  const quotient = product / denominator;
  const remainder = product % denominator;
  return 2n * remainder >= denominator ? quotient + 1n : quotient;
};

/** The whole computation again, in BigInt, as the reference. */
const referenceTotals = (lines: readonly PricedLine[], quoteDiscountBp: number, taxBp: number) => {
  let gross = 0n;
  let lineDiscount = 0n;
  for (const line of lines) {
    const lineGross = BigInt(line.quantity) * BigInt(line.unitPriceMinor);
    gross += lineGross;
    lineDiscount += bigHalfUp(lineGross, BigInt(line.discountBasisPoints), 10000n);
  }
  const subtotal = gross - lineDiscount;
  const quoteDiscount = bigHalfUp(subtotal, BigInt(quoteDiscountBp), 10000n);
  const tax = bigHalfUp(subtotal - quoteDiscount, BigInt(taxBp), 10000n);
  return {
    grossMinor: Number(gross),
    lineDiscountMinor: Number(lineDiscount),
    subtotalMinor: Number(subtotal),
    quoteDiscountMinor: Number(quoteDiscount),
    taxMinor: Number(tax),
    totalMinor: Number(subtotal - quoteDiscount + tax),
    effectiveDiscountBp: gross === 0n ? 0 : Number(bigHalfUp(lineDiscount + quoteDiscount, 10000n, gross)),
  };
};

const bp = fc.integer({ min: 0, max: 10000 });

/** Realistic lines: a total (at most twice the gross, with 100 % tax) stays below MAX_AMOUNT_MINOR. */
const line = fc.record({
  quantity: fc.integer({ min: 1, max: 1_000 }),
  unitPriceMinor: fc.integer({ min: 0, max: 250_000 }),
  discountBasisPoints: bp,
});
const lines = fc.array(line, { maxLength: 20 });

/** Lines whose gross or total nears MAX_AMOUNT_MINOR, on both sides of it. */
const hugeLine = fc
  .record({ quantity: fc.integer({ min: 1, max: 1000 }), discountBasisPoints: bp })
  .chain(({ quantity, discountBasisPoints }) =>
    fc
      .integer({ min: 0, max: Math.floor(MAX_AMOUNT_MINOR / quantity / 2) })
      .map((unitPriceMinor) => ({ quantity, unitPriceMinor, discountBasisPoints })),
  );
const hugeLines = fc.array(hugeLine, { maxLength: 3 });

const quoteLine = (overrides: Partial<QuoteLine> = {}): QuoteLine => ({
  lineId: 'line-1',
  productCode: 'GTX-PRO',
  description: 'GTX Pro licence',
  quantity: 3,
  unitPriceMinor: 333,
  discountBasisPoints: 1000,
  ...overrides,
});

const codeOf = (run: () => unknown): string | undefined => {
  try {
    run();
  } catch (error) {
    return error instanceof DomainError ? error.code : 'not-a-domain-error';
  }
  return undefined;
};

describe('mulDivHalfUp', () => {
  it('floor((2·gross·bp + 10000) / 20000) is round half up, against BigInt', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), bp, (gross, basisPoints) => {
        expect(BigInt(mulDivHalfUp(gross, basisPoints, 10000))).toBe(
          bigHalfUp(BigInt(gross), BigInt(basisPoints), 10000n),
        );
      }),
    );
  });

  it('rounds exact halves up and just-below-halves down', () => {
    expect(mulDivHalfUp(5, 1000, 10000)).toBe(1); // 0.5 → 1
    expect(mulDivHalfUp(15, 1000, 10000)).toBe(2); // 1.5 → 2
    expect(mulDivHalfUp(25, 1000, 10000)).toBe(3); // 2.5 → 3
    expect(mulDivHalfUp(4999, 1, 10000)).toBe(0); // 0.4999 → 0
    expect(mulDivHalfUp(5000, 1, 10000)).toBe(1); // 0.5 → 1
  });
});

describe('quoteTotals', () => {
  it('equals the BigInt reference, for realistic and near-limit amounts', () => {
    fc.assert(
      fc.property(fc.oneof(lines, hugeLines), bp, bp, (ls, quoteDiscountBp, taxBp) => {
        const reference = referenceTotals(ls, quoteDiscountBp, taxBp);
        if (reference.grossMinor > MAX_AMOUNT_MINOR || reference.totalMinor > MAX_AMOUNT_MINOR) {
          expect(codeOf(() => quoteTotals(ls, quoteDiscountBp, taxBp))).toBe('amount-too-large');
        } else {
          expect(quoteTotals(ls, quoteDiscountBp, taxBp)).toEqual(reference);
        }
      }),
    );
  });

  it('total = subtotal − quote discount + tax, and subtotal = gross − line discounts', () => {
    fc.assert(
      fc.property(lines, bp, bp, (ls, quoteDiscountBp, taxBp) => {
        const t = quoteTotals(ls, quoteDiscountBp, taxBp);
        expect(t.totalMinor).toBe(t.subtotalMinor - t.quoteDiscountMinor + t.taxMinor);
        expect(t.subtotalMinor).toBe(t.grossMinor - t.lineDiscountMinor);
      }),
    );
  });

  it('every component is a non-negative safe integer', () => {
    fc.assert(
      fc.property(fc.oneof(lines, hugeLines), bp, bp, (ls, quoteDiscountBp, taxBp) => {
        fc.pre(codeOf(() => quoteTotals(ls, quoteDiscountBp, taxBp)) === undefined);
        for (const value of Object.values(quoteTotals(ls, quoteDiscountBp, taxBp))) {
          expect(Number.isSafeInteger(value)).toBe(true);
          expect(value).toBeGreaterThanOrEqual(0);
        }
      }),
    );
  });

  it('discounts never exceed gross, and the effective discount is at most 100 %', () => {
    fc.assert(
      fc.property(lines, bp, bp, (ls, quoteDiscountBp, taxBp) => {
        const t = quoteTotals(ls, quoteDiscountBp, taxBp);
        expect(t.lineDiscountMinor + t.quoteDiscountMinor).toBeLessThanOrEqual(t.grossMinor);
        expect(t.effectiveDiscountBp).toBeLessThanOrEqual(10000);
        for (const l of ls) {
          const amounts = lineAmounts(l);
          expect(amounts.discountMinor).toBeLessThanOrEqual(amounts.grossMinor);
          expect(amounts.netMinor).toBe(amounts.grossMinor - amounts.discountMinor);
        }
      }),
    );
  });

  it('0 bp of discount and tax changes nothing', () => {
    fc.assert(
      fc.property(lines, (ls) => {
        const undiscounted = ls.map((l) => ({ ...l, discountBasisPoints: 0 }));
        const t = quoteTotals(undiscounted, 0, 0);
        const gross = ls.reduce((sum, l) => sum + l.quantity * l.unitPriceMinor, 0);
        expect(t).toEqual({ ...ZERO_TOTALS, grossMinor: gross, subtotalMinor: gross, totalMinor: gross });
      }),
    );
  });

  it('a quote discount of 0 bp keeps the subtotal; a tax of 0 bp adds nothing', () => {
    fc.assert(
      fc.property(lines, bp, (ls, taxBp) => {
        const t = quoteTotals(ls, 0, taxBp);
        expect(t.quoteDiscountMinor).toBe(0);
        expect(quoteTotals(ls, 0, 0).totalMinor).toBe(t.subtotalMinor);
      }),
    );
  });

  it('a 10000 bp line discount leaves a net of 0', () => {
    fc.assert(
      fc.property(line, bp, bp, (l, quoteDiscountBp, taxBp) => {
        const full = { ...l, discountBasisPoints: 10000 };
        expect(lineAmounts(full).netMinor).toBe(0);
        const t = quoteTotals([full], quoteDiscountBp, taxBp);
        expect(t.subtotalMinor).toBe(0);
        expect(t.totalMinor).toBe(0);
        expect(t.effectiveDiscountBp).toBe(t.grossMinor === 0 ? 0 : 10000);
      }),
    );
  });

  it('an empty quote totals zero', () => {
    expect(quoteTotals([], 2500, 2000)).toEqual(ZERO_TOTALS);
  });

  it('rounds per line, half up: 3 × 3.33 at 10 % is 9.99 − 1.00', () => {
    // 999 × 10 % = 99.9 → 100 cents.
    expect(lineAmounts(quoteLine())).toEqual({ grossMinor: 999, discountMinor: 100, netMinor: 899 });
  });

  it('rounds each line before summing: two lines of 0.05 at 10 % give 2 cents, not 1', () => {
    const t = quoteTotals(
      [quoteLine({ quantity: 1, unitPriceMinor: 5 }), quoteLine({ lineId: 'line-2', quantity: 1, unitPriceMinor: 5 })],
      0,
      0,
    );
    expect(t.lineDiscountMinor).toBe(2); // 0.5 + 0.5 rounded each → 1 + 1
    expect(t.subtotalMinor).toBe(8);
  });

  it('applies the quote discount on the subtotal and the tax on the discounted subtotal', () => {
    // gross 999, line discount 100, subtotal 899; 5 % of 899 = 44.95 → 45; 854 × 20 % = 170.8 → 171.
    expect(quoteTotals([quoteLine()], 500, 2000)).toEqual({
      grossMinor: 999,
      lineDiscountMinor: 100,
      subtotalMinor: 899,
      quoteDiscountMinor: 45,
      taxMinor: 171,
      totalMinor: 1025,
      // 145 / 999 = 14.5145… % → 1451.45 bp → 1451
      effectiveDiscountBp: 1451,
    });
  });

  it('refuses a gross above MAX_AMOUNT_MINOR with amount-too-large, and takes one at it', () => {
    expect(codeOf(() => quoteTotals([{ quantity: 2, unitPriceMinor: MAX_AMOUNT_MINOR / 2 + 1, discountBasisPoints: 0 }], 0, 0))).toBe('amount-too-large');
    expect(quoteTotals([{ quantity: 2, unitPriceMinor: MAX_AMOUNT_MINOR / 2, discountBasisPoints: 0 }], 0, 0).totalMinor).toBe(MAX_AMOUNT_MINOR);
  });

  it('refuses a total that tax takes above MAX_AMOUNT_MINOR with amount-too-large', () => {
    expect(codeOf(() => quoteTotals([{ quantity: 1, unitPriceMinor: MAX_AMOUNT_MINOR, discountBasisPoints: 0 }], 0, 1))).toBe('amount-too-large');
  });

  it('refuses amounts beyond Number.MAX_SAFE_INTEGER with amount-too-large', () => {
    const price = Math.floor(Number.MAX_SAFE_INTEGER / 2);
    expect(codeOf(() => quoteTotals([{ quantity: 3, unitPriceMinor: price, discountBasisPoints: 0 }], 0, 0))).toBe(
      'amount-too-large',
    );
    const half = { quantity: 1, unitPriceMinor: price + 1, discountBasisPoints: 0 };
    expect(codeOf(() => quoteTotals([half, half], 0, 0))).toBe('amount-too-large');
    // The subtotal fits, but tax pushes the total over.
    expect(
      codeOf(() =>
        quoteTotals([{ quantity: 1, unitPriceMinor: Number.MAX_SAFE_INTEGER, discountBasisPoints: 0 }], 0, 1),
      ),
    ).toBe('amount-too-large');
  });

  it.each([
    ['a zero quantity', { quantity: 0, unitPriceMinor: 1, discountBasisPoints: 0 }, 0, 0, 'invalid-quantity'],
    ['a fractional quantity', { quantity: 1.5, unitPriceMinor: 1, discountBasisPoints: 0 }, 0, 0, 'invalid-quantity'],
    ['a negative price', { quantity: 1, unitPriceMinor: -1, discountBasisPoints: 0 }, 0, 0, 'invalid-unit-price'],
    ['a fractional price', { quantity: 1, unitPriceMinor: 9.99, discountBasisPoints: 0 }, 0, 0, 'invalid-unit-price'],
    [
      'a line discount above 100 %',
      { quantity: 1, unitPriceMinor: 1, discountBasisPoints: 10001 },
      0,
      0,
      'invalid-discount',
    ],
    ['a quote discount below 0', { quantity: 1, unitPriceMinor: 1, discountBasisPoints: 0 }, -1, 0, 'invalid-discount'],
    ['a fractional tax rate', { quantity: 1, unitPriceMinor: 1, discountBasisPoints: 0 }, 0, 0.5, 'invalid-tax-rate'],
  ])('refuses %s', (_label, l, quoteDiscountBp, taxBp, code) => {
    expect(codeOf(() => quoteTotals([l], quoteDiscountBp, taxBp))).toBe(code);
  });
});

describe('quoteLinesHash', () => {
  const content = { currency: 'USD', lines: [quoteLine()], quoteDiscountBp: 0, taxBp: 2000 };

  it('is FNV-1a 32 (known vectors, UTF-8 bytes)', () => {
    expect(fnv1a32('')).toBe('811c9dc5');
    expect(fnv1a32('a')).toBe('e40c292c');
    expect(fnv1a32('foobar')).toBe('bf9cf968');
  });

  it('hashes the UTF-8 bytes of any text, against a byte-wise reference', () => {
    const reference = (text: string): string => {
      let hash = 0x811c9dc5;
      for (const byte of new TextEncoder().encode(text)) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
      return hash.toString(16).padStart(8, '0');
    };
    fc.assert(fc.property(fc.string({ unit: 'grapheme' }), (text) => expect(fnv1a32(text)).toBe(reference(text))));
    expect(fnv1a32('Zürich — 東京 🚀')).toBe(reference('Zürich — 東京 🚀'));
  });

  it('is deterministic and 8 hex digits', () => {
    expect(quoteLinesHash(content)).toMatch(/^[0-9a-f]{8}$/);
    expect(quoteLinesHash({ ...content, lines: [quoteLine()] })).toBe(quoteLinesHash(content));
  });

  it.each([
    ['the quantity', { lines: [quoteLine({ quantity: 4 })] }],
    ['the unit price', { lines: [quoteLine({ unitPriceMinor: 334 })] }],
    ['a line discount', { lines: [quoteLine({ discountBasisPoints: 1001 })] }],
    ['the description', { lines: [quoteLine({ description: 'GTX Pro licence (annual)' })] }],
    ['the quote discount', { quoteDiscountBp: 1 }],
    ['the tax', { taxBp: 1900 }],
    ['the currency', { currency: 'EUR' }],
    ['an added line', { lines: [quoteLine(), quoteLine({ lineId: 'line-2' })] }],
  ])('changes with %s', (_label, change) => {
    expect(quoteLinesHash({ ...content, ...change })).not.toBe(quoteLinesHash(content));
  });
});
