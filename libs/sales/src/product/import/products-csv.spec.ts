import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { type ListProductRow, parseProductsCsv } from './products-csv';

// The repository's copy of the dataset's products.csv (a clean clone has no ../shared).
const DATASET = path.resolve(__dirname, '../../../../../seed/crm-sales/products.csv');

const HEADER = 'product,series,sales_price';

const row = (productCode: string, name: string, series: string, amountMinor: number): ListProductRow => ({
  productCode,
  name,
  series,
  listPrices: [{ amountMinor, currency: 'USD' }],
});

/** The error thrown by `parseProductsCsv`, so that a test fails if none is thrown. */
const errorOf = (text: string, currency?: string): Error => {
  try {
    parseProductsCsv(text, currency);
  } catch (error) {
    return error as Error;
  }
  throw new Error('parseProductsCsv did not throw');
};

describe('parseProductsCsv on the real products.csv (seed/crm-sales/products.csv)', () => {
  const rows = parseProductsCsv(readFileSync(DATASET, 'utf8'));

  it('reads all 7 products, in file order, with their codes, series and prices in USD cents', () => {
    expect(rows).toEqual([
      row('GTX-BASIC', 'GTX Basic', 'GTX', 55_000),
      row('GTX-PRO', 'GTX Pro', 'GTX', 482_100),
      row('MG-SPECIAL', 'MG Special', 'MG', 5_500),
      row('MG-ADVANCED', 'MG Advanced', 'MG', 339_300),
      row('GTX-PLUS-PRO', 'GTX Plus Pro', 'GTX', 548_200),
      row('GTX-PLUS-BASIC', 'GTX Plus Basic', 'GTX', 109_600),
      row('GTK-500', 'GTK 500', 'GTK', 2_676_800),
    ]);
  });

  it('prices in another currency when asked', () => {
    expect(parseProductsCsv(readFileSync(DATASET, 'utf8'), 'EUR')[1].listPrices).toEqual([
      { amountMinor: 482_100, currency: 'EUR' },
    ]);
  });
});

describe('parseProductsCsv', () => {
  it('reads a header and rows', () => {
    expect(parseProductsCsv(`${HEADER}\nGTX Basic,GTX,550\n`)).toEqual([row('GTX-BASIC', 'GTX Basic', 'GTX', 55_000)]);
  });

  it('reads CRLF line ends, blank trailing lines and a byte-order mark', () => {
    expect(parseProductsCsv(`\uFEFF${HEADER}\r\nGTX Basic,GTX,550\r\nMG Special,MG,55\r\n\r\n\r\n`)).toEqual([
      row('GTX-BASIC', 'GTX Basic', 'GTX', 55_000),
      row('MG-SPECIAL', 'MG Special', 'MG', 5_500),
    ]);
  });

  it('reads a last row without a line end', () => {
    expect(parseProductsCsv(`${HEADER}\nGTK 500,GTK,26768`)).toEqual([row('GTK-500', 'GTK 500', 'GTK', 2_676_800)]);
  });

  it('reads quoted fields with commas, doubled quotes and line breaks', () => {
    const text = `${HEADER}\n"GTX Pro, 15"" screen",GTX,"4821"\n"MG ""Special""\r\nEdition",MG,55\n`;
    expect(parseProductsCsv(text)).toEqual([
      row('GTX-PRO-15-SCREEN', 'GTX Pro, 15" screen', 'GTX', 482_100),
      row('MG-SPECIAL-EDITION', 'MG "Special"\r\nEdition', 'MG', 5_500),
    ]);
  });

  it('reads an empty quoted field', () => {
    expect(parseProductsCsv(`${HEADER}\nGTX Basic,"",550\n`)).toEqual([row('GTX-BASIC', 'GTX Basic', '', 55_000)]);
  });

  it('finds the columns by name, in any order and any case, and trims the values', () => {
    expect(parseProductsCsv('Sales_Price , Product,SERIES,notes\n 550 ,  GTX Basic ,GTX,x\n')).toEqual([
      row('GTX-BASIC', 'GTX Basic', 'GTX', 55_000),
    ]);
  });

  it('reads a file with a header only as no products', () => {
    expect(parseProductsCsv(`${HEADER}\n`)).toEqual([]);
  });

  it.each([
    ['550', 55_000],
    ['4821.5', 482_150],
    ['4821.50', 482_150],
    ['0.05', 5],
    ['0', 0],
    ['1234567890123.99', 123_456_789_012_399],
  ])('converts the price %j to %p minor units exactly', (price, amountMinor) => {
    expect(parseProductsCsv(`${HEADER}\nGTX Basic,GTX,${price}\n`)[0].listPrices[0].amountMinor).toBe(amountMinor);
  });

  it.each(['12.345', 'abc', '', '-5', '1e3', '5.', '.5', '"1,000"', '99999999999999999'])(
    'refuses the price %s, naming the line',
    (price) => {
      expect(errorOf(`${HEADER}\nGTX Basic,GTX,550\n\nMG Special,MG,${price}\n`).message).toMatch(
        /^products\.csv, line 4: sales_price/,
      );
    },
  );

  it('counts lines inside quoted fields when naming a line', () => {
    expect(errorOf(`${HEADER}\n"GTX\nBasic",GTX,550\nMG,MG,x\n`).message).toMatch(/line 4:/);
  });

  it('refuses a row with too few or too many fields', () => {
    expect(errorOf(`${HEADER}\nGTX Basic,550\n`).message).toMatch(/line 2: expected 3 fields.*found 2/);
    expect(errorOf(`${HEADER}\nGTX Basic,GTX,4,821\n`).message).toMatch(/line 2: expected 3 fields.*found 4/);
  });

  it('refuses a header without one of the columns', () => {
    expect(errorOf('product,sales_price\nGTX Basic,550\n').message).toMatch(/line 1: the header has no column series/);
  });

  it('refuses an empty file', () => {
    expect(errorOf('\n\n').message).toMatch(/empty/);
  });

  it('refuses a blank name, and a name with nothing to make a code of', () => {
    expect(errorOf(`${HEADER}\n  ,GTX,550\n`).message).toMatch(/line 2: the product name is blank/);
    expect(errorOf(`${HEADER}\n***,GTX,550\n`).message).toMatch(/line 2: .*no letter or digit/);
  });

  it('refuses two rows with the same product code', () => {
    expect(errorOf(`${HEADER}\nGTX Basic,GTX,550\nGTX  basic,GTX,560\n`).message).toMatch(
      /line 3: .*GTX-BASIC, as line 2 has/,
    );
  });

  it('refuses malformed quoting, naming the line', () => {
    expect(errorOf(`${HEADER}\nGTX Basic,GTX,550\n"GTX Pro,GTX,4821\n`).message).toMatch(/line 3: .*not closed/);
    expect(errorOf(`${HEADER}\n"GTX" Pro,GTX,4821\n`).message).toMatch(/line 2: a closing quote/);
    expect(errorOf(`${HEADER}\nGTX 15" Pro,GTX,4821\n`).message).toMatch(/line 2: a double quote inside/);
  });

  it('refuses a currency that is not an ISO-4217 code', () => {
    expect(errorOf(`${HEADER}\nGTX Basic,GTX,550\n`, 'usd').message).toMatch(/ISO-4217/);
  });
});
