import type { Document, SortSpec } from './read-store.port';

/**
 * The first `k` documents in sort order without sorting them all: a bounded, sorted buffer
 * (n·log k instead of n·log n). Only for top-level sort fields whose values are all strings or
 * all numbers, where JavaScript's order is MongoDB's; otherwise null, and mingo sorts.
 */
export function topK(documents: readonly Document[], sort: SortSpec, k: number): Document[] | null {
  const keys = Object.entries(sort);
  for (const [field] of keys) {
    if (field.includes('.')) return null;
    let type: string | undefined;
    for (const document of documents) {
      const kind = typeof document[field];
      if ((kind !== 'string' && kind !== 'number') || (type !== undefined && kind !== type)) return null;
      type = kind;
    }
  }
  const compare = (a: Document, b: Document): number => {
    for (const [field, direction] of keys) {
      const x = a[field] as string | number;
      const y = b[field] as string | number;
      if (x < y) return -direction;
      if (x > y) return direction;
    }
    return 0;
  };
  const best: Document[] = [];
  for (const document of documents) {
    if (best.length === k && compare(document, best[k - 1]) >= 0) continue;
    let low = 0;
    let high = best.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (compare(best[middle], document) <= 0) low = middle + 1;
      else high = middle;
    }
    best.splice(low, 0, document);
    if (best.length > k) best.pop();
  }
  return best;
}
