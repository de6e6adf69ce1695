import { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';

export type CsvValue = string | number | boolean | null | undefined;

/**
 * A field as RFC 4180 writes it: quoted when it holds a comma, a quote or a line break. Text that
 * a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR at its start: an account named
 * `=HYPERLINK(…)`) gets a leading apostrophe, so opening an export never executes a user's input.
 */
export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'string') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** A header row of the columns (the keys of the first row, then any new ones), then one line per row. */
export function* csvLines(rows: readonly Readonly<Record<string, CsvValue>>[], columns?: readonly string[]): Generator<string> {
  const header = columns ?? [...new Set(rows.flatMap((row) => Object.keys(row)))];
  yield `${header.map(csvField).join(',')}\r\n`;
  for (const row of rows) yield `${header.map((column) => csvField(row[column])).join(',')}\r\n`;
}

/** Whether the client asked for CSV: `?format=csv`, or an Accept header that names text/csv. */
export const wantsCsv = (request: FastifyRequest, format: string | undefined): boolean =>
  format === 'csv' || (format === undefined && /\btext\/csv\b/.test(String(request.headers.accept ?? '')));

/** Streams rows as a CSV attachment. */
export function sendCsv(reply: FastifyReply, filename: string, rows: readonly Readonly<Record<string, CsvValue>>[], columns?: readonly string[]): Readable {
  void reply.header('Content-Type', 'text/csv; charset=utf-8');
  void reply.header('Content-Disposition', `attachment; filename="${filename.replace(/[^A-Za-z0-9._-]/g, '_')}"`);
  return Readable.from(csvLines(rows, columns));
}
