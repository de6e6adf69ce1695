import type { Money } from '@ledger/event-sourcing/kernel';
import { productCodeFor } from '../domain';

/** One product of products.csv, ready to become a ListProduct command. */
export type ListProductRow = {
  readonly productCode: string;
  readonly name: string;
  readonly series: string;
  readonly listPrices: Money[];
};

/** A record of the file and the (1-based) line it starts on, for error messages. */
type CsvRecord = { readonly line: number; readonly fields: readonly string[] };

const fail = (line: number, message: string): never => {
  throw new Error(`products.csv, line ${line}: ${message}`);
};

/**
 * RFC 4180 records: fields separated by ',', records by LF or CRLF; a field in double quotes may
 * hold commas, line breaks and doubled quotes (""). Blank lines are skipped (they hold no row).
 * A quote inside an unquoted field, text after a closing quote and an unclosed quote are refused,
 * since guessing what they meant could silently change a row.
 */
const csvRecords = (text: string): CsvRecord[] => {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  /** The current field was quoted and its closing quote has been read. */
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; // byte-order mark

  const endField = (): void => {
    fields.push(field);
    field = '';
    quoted = false;
  };
  const endRecord = (): void => {
    endField();
    records.push({ line: recordLine, fields });
    fields = [];
  };

  while (i < text.length) {
    const char = text[i];
    const lineBreak = char === '\n' ? 1 : char === '\r' && text[i + 1] === '\n' ? 2 : 0;
    if (lineBreak > 0) {
      const blank = fields.length === 0 && field === '' && !quoted;
      if (!blank) endRecord();
      i += lineBreak;
      line += 1;
      recordLine = line;
    } else if (char === ',') {
      endField();
      i += 1;
    } else if (quoted) {
      fail(line, 'a closing quote must be followed by "," or the end of the line');
    } else if (char === '"') {
      if (field !== '')
        fail(line, 'a double quote inside an unquoted field; quote the whole field and double the quote');
      const openedOn = line;
      i += 1;
      for (;;) {
        if (i >= text.length) fail(openedOn, 'a quoted field is not closed');
        if (text[i] === '"') {
          if (text[i + 1] !== '"') break;
          field += '"';
          i += 2;
        } else {
          if (text[i] === '\n') line += 1;
          field += text[i];
          i += 1;
        }
      }
      i += 1;
      quoted = true;
    } else {
      field += char;
      i += 1;
    }
  }
  if (fields.length > 0 || field !== '' || quoted) endRecord();
  return records;
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
  const [header, ...rows] = csvRecords(text);
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
