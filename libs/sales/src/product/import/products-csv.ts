import type { Money } from '@ledger/event-sourcing/kernel';
import { csvError, csvRecords } from '@ledger/platform';
import { productCodeFor } from '../domain';

/** One product of products.csv, ready to become a ListProduct command. */
export type ListProductRow = {
  readonly productCode: string;
  readonly name: string;
  readonly series: string;
  readonly listPrices: Money[];
};

const fail = (line: number, message: string): never => {
  throw csvError('products.csv', line, message);
};

/** '550' → 55000, '4821.5' → 482150, '0.05' → 5: exact, by digits, never through a float. */
const minorUnitsOf = (text: string, line: number): number => {
  const match = /^(\d+)(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (match === null) {
    return fail(
      line,
      `sales_price ${JSON.stringify(text)} is not a non-negative amount with at most 2 decimals, such as 550 or 4821.50`,
    );
  }
  const amountMinor = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  if (!Number.isSafeInteger(amountMinor)) fail(line, `sales_price ${text} is too large`);
  return amountMinor;
};

const COLUMNS = ['product', 'series', 'sales_price'] as const;

/**
 * Parses products.csv (header `product,series,sales_price`, in any order, extra columns ignored) into
 * one row per product, with its code and its list price in `currency`: `sales_price` is an amount of
 * the major unit ("550", "4821.5"), converted exactly to minor units (2 decimals). Names and series
 * are trimmed. Throws an Error naming the line for anything it cannot read exactly: a missing
 * column, a wrong number of fields, a blank name, a name that makes the same code as an earlier
 * row, a price that is not a number or has more than 2 decimals. Pure: the caller reads the file.
 */
export const parseProductsCsv = (text: string, currency = 'USD'): ListProductRow[] => {
  if (!/^[A-Z]{3}$/.test(currency)) {
    throw new Error(`The currency must be an ISO-4217 code of three capitals; got ${JSON.stringify(currency)}.`);
  }
  const [header, ...rows] = csvRecords(text, 'products.csv');
  if (header === undefined) throw new Error(`products.csv is empty; it needs the header ${COLUMNS.join(',')}.`);
  const names = header.fields.map((name) => name.trim().toLowerCase());
  const [productAt, seriesAt, priceAt] = COLUMNS.map((column) => {
    const index = names.indexOf(column);
    return index >= 0 ? index : fail(header.line, `the header has no column ${column}`);
  });

  const lineOfCode = new Map<string, number>();
  return rows.map(({ line, fields }): ListProductRow => {
    if (fields.length !== header.fields.length) {
      fail(line, `expected ${header.fields.length} fields like the header, found ${fields.length}`);
    }
    const name = fields[productAt].trim();
    if (name === '') fail(line, 'the product name is blank');
    const productCode = productCodeFor(name);
    if (productCode === '') fail(line, `the product name ${JSON.stringify(name)} has no letter or digit for a code`);
    const earlier = lineOfCode.get(productCode);
    if (earlier !== undefined)
      fail(line, `${JSON.stringify(name)} has the code ${productCode}, as line ${earlier} has`);
    lineOfCode.set(productCode, line);
    return {
      productCode,
      name,
      series: fields[seriesAt].trim(),
      listPrices: [{ amountMinor: minorUnitsOf(fields[priceAt], line), currency }],
    };
  });
};
