import { type Bound, compareValues, END, type OrderedIndex, START } from './ordered-index';
import type { Filter, SortSpec } from './read-store.port';

/** A filter taken apart into what indexes can use: each field's conditions (all must hold), and `$or` groups. */
type Conjuncts = { readonly fields: Map<string, unknown[]>; readonly ors: Filter[][]; readonly other: boolean };

export function conjunctsOf(filter: Filter): Conjuncts {
  const found: Conjuncts = { fields: new Map(), ors: [], other: false };
  const add = (part: Filter): void => {
    for (const [key, condition] of Object.entries(part)) {
      if (key === '$and' && Array.isArray(condition)) for (const inner of condition as Filter[]) add(inner);
      else if (key === '$or' && Array.isArray(condition)) found.ors.push(condition as Filter[]);
      else if (key.startsWith('$')) (found as { other: boolean }).other = true;
      else found.fields.set(key, [...(found.fields.get(key) ?? []), condition]);
    }
  };
  add(filter);
  return found;
}

const isScalar = (value: unknown): boolean => value === null || ['string', 'number', 'boolean'].includes(typeof value);

/** The one value a field is pinned to (`x`, `{ $eq: x }`), or undefined. */
function pinned(conditions: readonly unknown[] | undefined): { value: unknown } | undefined {
  for (const condition of conditions ?? []) {
    if (isScalar(condition)) return { value: condition };
    if (typeof condition === 'object' && condition !== null && !Array.isArray(condition)) {
      const keys = Object.keys(condition);
      const value = (condition as { $eq?: unknown }).$eq;
      if (keys.length === 1 && keys[0] === '$eq' && isScalar(value)) return { value };
    }
  }
  return undefined;
}

/** A span of an index: from `low` to `high` (each a bound over the keys after the pinned prefix). */
type Span = { low: Bound; high: Bound };
const ALL: Span = { low: START, high: END };

/** Bounds in the index's order: which comes first (a bound with fewer values spans every longer one it prefixes). */
function compareBounds(a: Bound, b: Bound, directions: readonly (1 | -1)[]): number {
  const common = Math.min(a.values.length, b.values.length);
  for (let i = 0; i < common; i += 1) {
    const order = compareValues(a.values[i], b.values[i]) * directions[i];
    if (order !== 0) return order;
  }
  if (a.values.length === b.values.length) return a.after === b.after ? 0 : a.after ? 1 : -1;
  if (a.values.length < b.values.length) return a.after ? 1 : -1;
  return b.after ? -1 : 1;
}

const intersect = (a: Span, b: Span, directions: readonly (1 | -1)[]): Span => ({
  low: compareBounds(a.low, b.low, directions) >= 0 ? a.low : b.low,
  high: compareBounds(a.high, b.high, directions) <= 0 ? a.high : b.high,
});

const union = (a: Span, b: Span, directions: readonly (1 | -1)[]): Span => ({
  low: compareBounds(a.low, b.low, directions) <= 0 ? a.low : b.low,
  high: compareBounds(a.high, b.high, directions) >= 0 ? a.high : b.high,
});

const before = (values: unknown[]): Bound => ({ values, after: false });
const after = (values: unknown[]): Bound => ({ values, after: true });

/**
 * The span of one key that a field's conditions allow, given the values of the keys before it
 * (`prefix`), or null when no condition bounds it. `{ $ne: null }` bounds it too (everything
 * beyond null), which is how a page after a record without a value reads.
 */
function spanOfField(conditions: readonly unknown[], direction: 1 | -1, prefix: unknown[], directions: readonly (1 | -1)[]): Span | null {
  let span: Span | null = null;
  const narrow = (next: Span): void => {
    span = span === null ? next : intersect(span, next, directions);
  };
  for (const condition of conditions) {
    if (isScalar(condition)) {
      narrow({ low: before([...prefix, condition]), high: after([...prefix, condition]) });
      continue;
    }
    if (typeof condition !== 'object' || condition === null || Array.isArray(condition)) continue;
    for (const [operator, value] of Object.entries(condition)) {
      if (!isScalar(value)) continue;
      const at = [...prefix, value];
      // Ascending, `$gt` starts after the value; descending, the same records come before it.
      const up: Partial<Record<string, Span>> = {
        $eq: { low: before(at), high: after(at) },
        $gt: { low: after(at), high: END },
        $gte: { low: before(at), high: END },
        $lt: { low: START, high: before(at) },
        $lte: { low: START, high: after(at) },
      };
      if (operator === '$ne' && value === null) {
        narrow(direction === 1 ? { low: after(at), high: END } : { low: START, high: before(at) });
        continue;
      }
      const range = up[operator];
      if (!range) continue;
      if (direction === 1 || operator === '$eq') narrow(range);
      else narrow({ low: range.high === END ? START : { values: range.high.values, after: !range.high.after }, high: range.low === START ? END : { values: range.low.values, after: !range.low.after } });
    }
  }
  return span;
}

/**
 * The span of the index a part of a filter allows on the first key after the pinned prefix, and on
 * the key after it when the part pins the first (a page after `(amount, _id)`), or null when it does
 * not bound that key.
 */
function spanOfPart(part: Conjuncts, index: OrderedIndex, at: number, prefix: unknown[], directions: readonly (1 | -1)[]): Span | null {
  const [field, direction] = index.keys[at];
  const conditions = part.fields.get(field);
  if (!conditions) return null;
  const value = pinned(conditions);
  const next = index.keys[at + 1];
  if (value !== undefined && next && part.fields.has(next[0])) {
    const inner = spanOfField(part.fields.get(next[0])!, next[1], [...prefix, value.value], directions);
    if (inner) return inner;
  }
  return spanOfField(conditions, direction, prefix, directions);
}

/** How a sorted, limited read walks one ordered index: its span, direction, and whether it yields the sort's order. */
export type Walk = {
  readonly index: OrderedIndex;
  readonly span: Span;
  readonly backward: boolean;
  /** Whether the walk yields the documents in the requested order (then it stops at the page). */
  readonly ordered: boolean;
  /** Whether every condition of the filter is one the span answers (then every document walked matches). */
  readonly exact: boolean;
};

/** The walk of an index for a filter and sort, or null when the index neither narrows the filter nor gives its order. */
export function walkOf(index: OrderedIndex, filter: Conjuncts, sort: SortSpec | undefined): Walk | null {
  if (index.multikey) return null;
  const directions = index.keys.map(([, direction]) => direction);
  const prefix: unknown[] = [];
  const used = new Set<string>();
  let at = 0;
  for (; at < index.keys.length; at += 1) {
    const value = pinned(filter.fields.get(index.keys[at][0]));
    if (value === undefined) break;
    prefix.push(value.value);
    used.add(index.keys[at][0]);
  }
  // The sort after the pinned keys must be the index's next keys, all in its direction or all against it.
  const wanted = Object.entries(sort ?? {}).filter(([field]) => !used.has(field));
  const rest = index.keys.slice(at);
  const forward = wanted.every(([field, direction], i) => rest[i]?.[0] === field && rest[i][1] === direction);
  const backward = !forward && wanted.every(([field, direction], i) => rest[i]?.[0] === field && rest[i][1] === -direction);
  const ordered = forward || backward;
  let span: Span = prefix.length === 0 ? ALL : { low: before(prefix), high: after(prefix) };
  let bounded = prefix.length > 0;
  if (at < index.keys.length) {
    const own = spanOfPart(filter, index, at, prefix, directions);
    if (own) {
      span = intersect(span, own, directions);
      bounded = true;
      used.add(index.keys[at][0]);
    }
    for (const branches of filter.ors) {
      const spans = branches.map((branch) => spanOfPart(conjunctsOf(branch), index, at, prefix, directions));
      if (spans.some((found) => found === null)) continue;
      span = intersect(span, (spans as Span[]).reduce((a, b) => union(a, b, directions)), directions);
      bounded = true;
    }
  }
  if (!bounded && !(ordered && wanted.length > 0)) return null;
  const exact = !filter.other && filter.ors.length === 0 && [...filter.fields.keys()].every((field) => used.has(field)) && onlyRanges(filter, index, at);
  return { index, span, backward, ordered, exact };
}

/** Whether the conditions on the first key after the prefix are all ones its span answers exactly (a value or a range). */
function onlyRanges(filter: Conjuncts, index: OrderedIndex, at: number): boolean {
  const field = index.keys[at]?.[0];
  const conditions = field === undefined ? [] : (filter.fields.get(field) ?? []);
  return conditions.every(
    (condition) =>
      isScalar(condition) ||
      (typeof condition === 'object' && condition !== null && !Array.isArray(condition) && Object.entries(condition).every(([operator, value]) => ['$eq', '$gt', '$gte', '$lt', '$lte'].includes(operator) && typeof value === typeof Object.values(condition)[0] && (typeof value === 'string' || typeof value === 'number'))),
  );
}
