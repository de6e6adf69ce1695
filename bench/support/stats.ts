/** Percentile of already-sorted samples (nearest rank). */
export const percentile = (sorted: readonly number[], p: number): number =>
  sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

export const round = (value: number, digits = 0): number => Number(value.toFixed(digits));

export type Row = Record<string, string | number>;

export const markdownTable = (rows: readonly Row[]): string => {
  if (rows.length === 0) return '';
  const columns = Object.keys(rows[0]);
  return [
    `| ${columns.join(' | ')} |`,
    `| ${columns.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${columns.map((c) => String(row[c])).join(' | ')} |`),
  ].join('\n');
};
