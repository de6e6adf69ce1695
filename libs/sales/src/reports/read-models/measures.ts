import { measureKey, measureValues } from '@ledger/read-store';

/**
 * Log-spaced buckets with 1 % relative accuracy (DDSketch's scheme): a value v > 0 falls in
 * bucket ceil(log(v) / log(γ)), γ = 1.02, whose midpoint 2γ^i / (γ + 1) is within 1 % of every
 * value in it. Medians of amounts and durations add up across cells like any other count.
 */
const GAMMA = 1.02;
const LOG_GAMMA = Math.log(GAMMA);

export const sketchBucket = (value: number): number => (value <= 0 ? 0 : Math.ceil(Math.log(value) / LOG_GAMMA));
const bucketValue = (bucket: number): number => (bucket === 0 ? 0 : (2 * GAMMA ** bucket) / (GAMMA + 1));

/** Adds a value to a sketch named `name` in a fact's sums. */
export const sketched = (name: string, value: number): Record<string, number> => ({ [measureKey(name, sketchBucket(value))]: 1 });

/** The `q`-quantile (0..1) of a histogram of exact values (`name:value` → count), nearest-rank; null when empty. */
export const histogramQuantile = (sums: Readonly<Record<string, number>>, name: string, q: number): number | null =>
  quantileOf([...measureValues(sums, name)].map(([value, count]) => [Number(value), count] as const), q);

/** The `q`-quantile of values with their counts, nearest rank; null when there are none. */
export function quantileOf(pairs: readonly (readonly [number, number])[], q: number): number | null {
  const counts = [...pairs].sort((a, b) => a[0] - b[0]);
  const total = counts.reduce((sum, [, count]) => sum + count, 0);
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(q * total));
  let seen = 0;
  for (const [value, count] of counts) {
    seen += count;
    if (seen >= rank) return value;
  }
  return counts[counts.length - 1][0];
}

/** The `q`-quantile of a sketch, within 1 % of the true one, rounded to a whole number. */
export function sketchQuantile(sums: Readonly<Record<string, number>>, name: string, q: number): number | null {
  const bucket = histogramQuantile(sums, name, q);
  return bucket === null ? null : Math.round(bucketValue(bucket));
}

export const daysBetween = (from: string, to: string): number => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
