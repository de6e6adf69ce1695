import { checkMoney, currencyDecimals, formatMoney, isMoney } from './money';

describe('formatMoney', () => {
  it('writes USD with its two decimals', () => {
    expect(formatMoney({ amountMinor: 819_570, currency: 'USD' })).toBe('8195.70 USD');
  });

  it('writes JPY without decimals', () => {
    expect(formatMoney({ amountMinor: 5000, currency: 'JPY' })).toBe('5000 JPY');
  });

  it('writes KWD with three decimals', () => {
    expect(formatMoney({ amountMinor: 1_234_567, currency: 'KWD' })).toBe('1234.567 KWD');
  });

  it('writes amounts below one unit with a leading zero', () => {
    expect(formatMoney({ amountMinor: 5, currency: 'EUR' })).toBe('0.05 EUR');
  });

  it('writes a negative amount with its sign', () => {
    expect(formatMoney({ amountMinor: -1050, currency: 'EUR' })).toBe('-10.50 EUR');
  });

  it('stays exact where dividing by 100 in floating point would not', () => {
    expect(formatMoney({ amountMinor: 9_007_199_254_740_991, currency: 'USD' })).toBe('90071992547409.91 USD');
  });
});

describe('currencyDecimals', () => {
  it('knows the minor unit of a currency from ISO 4217', () => {
    expect([currencyDecimals('USD'), currencyDecimals('JPY'), currencyDecimals('BHD')]).toEqual([2, 0, 3]);
  });
});

describe('isMoney', () => {
  it('accepts a whole non-negative amount in a currency of three capitals', () => {
    expect(isMoney({ amountMinor: 0, currency: 'USD' })).toBe(true);
  });

  it('refuses an array, even of money', () => {
    expect(isMoney([{ amountMinor: 500, currency: 'USD' }])).toBe(false);
  });

  it('refuses null', () => {
    expect(isMoney(null)).toBe(false);
  });

  it('refuses an amount given as text', () => {
    expect(isMoney({ amountMinor: '500', currency: 'USD' })).toBe(false);
  });

  it('refuses an amount beyond the safe integers', () => {
    expect(isMoney({ amountMinor: 2 ** 53, currency: 'USD' })).toBe(false);
  });

  it('refuses a currency sent as an array', () => {
    expect(isMoney({ amountMinor: 500, currency: ['USD'] })).toBe(false);
  });
});

describe('checkMoney', () => {
  it('throws invalid-money, naming the field, for anything but money', () => {
    expect(() => checkMoney('amount', [])).toThrow(expect.objectContaining({ code: 'invalid-money', message: expect.stringContaining('amount') }));
  });
});
