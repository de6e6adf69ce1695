import { ProblemException } from '@ledger/platform';
import type { Filter, ReadStore, SortSpec } from './read-store.port';

/** A cursor this API did not give out (or one of another list): 400 invalid-cursor. */
export class InvalidCursorError extends ProblemException {
  constructor() {
    super(400, 'invalid-cursor', 'cursor is not one this API gave out');
  }
}

type CursorValue = [string, string];

export const encodeCursor = (value: string, id: string): string =>
  Buffer.from(JSON.stringify([value, id] satisfies CursorValue)).toString('base64url');

export function decodeCursor(cursor: string): CursorValue {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(value) && value.length === 2 && value.every((part) => typeof part === 'string')) return value as CursorValue;
  } catch {
    // fall through
  }
  throw new InvalidCursorError();
}

/** A sort key's value as a cursor keeps it: a string, a number, or null (a record without one). */
export type SortKeyValue = string | number | null;

/**
 * A cursor that names the order it was given out for (`-amount`, `title`), so that a cursor of
 * one sort sent with another is refused rather than read as a position it is not.
 */
export const encodeSortedCursor = (order: string, value: SortKeyValue, id: string): string =>
  Buffer.from(JSON.stringify([order, value, id])).toString('base64url');

export function decodeSortedCursor(cursor: string, order: string, kind?: 'string' | 'number'): { readonly value: SortKeyValue; readonly id: string } {
  let parsed: unknown = null;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    // refused below
  }
  if (!Array.isArray(parsed) || parsed.length !== 3 || parsed[0] !== order || typeof parsed[2] !== 'string') throw new InvalidCursorError();
  const value: unknown = parsed[1];
  if (value !== null && typeof value !== 'string' && typeof value !== 'number') throw new InvalidCursorError();
  // A key of another type than the field's, or a number JSON cannot hold (1e400), was never given out.
  if (typeof value === 'number' && !Number.isFinite(value)) throw new InvalidCursorError();
  if (kind !== undefined && value !== null && typeof value !== kind) throw new InvalidCursorError();
  return { value, id: parsed[2] };
}

/**
 * "After (value, id)" in the order (field, _id) both stores sort in, where null sorts before any
 * value: ascending, the records without a value come first; descending, last. So a nullable field
 * pages like any other.
 */
export function afterSortKey(field: string, direction: 1 | -1, value: SortKeyValue, id: string): Filter {
  const beyond = direction === 1 ? '$gt' : '$lt';
  if (value === null) {
    const sameAndBeyond = { [field]: null, _id: { [beyond]: id } };
    return direction === 1 ? { $or: [sameAndBeyond, { [field]: { $ne: null } }] } : sameAndBeyond;
  }
  const after: Filter[] = [{ [field]: { [beyond]: value } }, { [field]: value, _id: { [beyond]: id } }];
  return { $or: direction === 1 ? after : [...after, { [field]: null }] };
}

export type Page<T> = { readonly items: T[]; readonly nextCursor: string | null };

export type PageRequest = {
  readonly field: string;
  readonly direction: 1 | -1;
  readonly limit: number;
  readonly cursor?: string;
  readonly projection?: Record<string, 0 | 1>;
};

/** One page of a collection in keyset order, with the cursor of the next page when there is one. */
export async function findPage<T extends { _id: string }>(
  readStore: ReadStore,
  collection: string,
  filters: readonly Filter[],
  page: PageRequest,
): Promise<Page<T>> {
  // The cursor names its order and keeps the key's type (a number stays a number), so it reads the
  // same on both stores, and one of another order or list is refused.
  const order = `${page.direction === -1 ? '-' : ''}${page.field}`;
  const after = page.cursor ? decodeSortedCursor(page.cursor, order) : null;
  const and = after ? [...filters, afterSortKey(page.field, page.direction, after.value, after.id)] : filters;
  const sort: SortSpec = { [page.field]: page.direction, _id: page.direction };
  const found = await readStore.find<T>(collection, and.length === 0 ? {} : { $and: [...and] }, {
    sort,
    limit: page.limit + 1,
    ...(page.projection ? { projection: page.projection } : {}),
  });
  const items = found.slice(0, page.limit);
  const last = items.at(-1) as (T & Record<string, unknown>) | undefined;
  const nextCursor = found.length > page.limit && last ? encodeSortedCursor(order, sortKeyOf(last[page.field]), last._id) : null;
  return { items, nextCursor };
}

const sortKeyOf = (value: unknown): SortKeyValue => (value === undefined || value === null ? null : typeof value === 'number' ? value : String(value));
