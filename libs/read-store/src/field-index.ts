import type { Document, Filter } from './read-store.port';

/** A scalar as an index key; arrays index each element (MongoDB's multikey indexes), missing and null alike. */
type Key = string;

const keyOf = (value: unknown): Key | null => {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'string':
      return `s${value}`;
    case 'number':
      return `n${value}`;
    case 'boolean':
      return `b${value}`;
    default:
      return null;
  }
};

const keysOf = (value: unknown): Key[] => {
  if (Array.isArray(value)) return value.flatMap((element) => keyOf(element) ?? []);
  const key = keyOf(value);
  return key === null ? [] : [key];
};

const RANGE = new Set(['$gt', '$gte', '$lt', '$lte']);

/**
 * An in-memory index of one top-level field of a collection, for the embedded store: which
 * documents hold each value. A filter that pins the field to values (`x`, `$eq`, `$in`) or to a
 * range of strings or numbers is answered from the documents it lists instead of from every
 * document of the collection. Ranges walk the distinct values, which for the fields indexed here
 * (months, dates, ids) are far fewer than the documents.
 */
export class FieldIndex {
  private readonly ids = new Map<Key, Set<string>>();

  constructor(readonly field: string) {}

  add(document: Document): void {
    for (const key of keysOf(document[this.field])) {
      let set = this.ids.get(key);
      if (!set) this.ids.set(key, (set = new Set()));
      set.add(document._id);
    }
  }

  /** Whether two versions of a document are indexed under the same keys (scalars compared; arrays never assumed equal). */
  holdsSame(a: Document, b: Document): boolean {
    const x = a[this.field];
    const y = b[this.field];
    return x === y && (typeof x !== 'object' || x === null);
  }

  remove(document: Document): void {
    for (const key of keysOf(document[this.field])) {
      const set = this.ids.get(key);
      set?.delete(document._id);
      if (set?.size === 0) this.ids.delete(key);
    }
  }

  /** The ids that may match the filter's condition on this field, or null when the index cannot narrow it. */
  candidates(filter: Filter): Set<string> | string[] | null {
    if (!(this.field in filter)) return null;
    const condition = filter[this.field];
    const key = keyOf(condition);
    if (key !== null) return this.ids.get(key) ?? [];
    if (typeof condition !== 'object' || condition === null || Array.isArray(condition)) return null;
    const operators = Object.keys(condition);
    if (operators.length === 1 && operators[0] === '$eq') return this.candidates({ [this.field]: (condition as { $eq: unknown }).$eq });
    if (operators.length === 1 && operators[0] === '$in') {
      const values = (condition as { $in: unknown }).$in;
      if (!Array.isArray(values)) return null;
      const keys = values.map(keyOf);
      if (keys.some((k) => k === null)) return null;
      return keys.flatMap((k) => [...(this.ids.get(k!) ?? [])]);
    }
    if (operators.length > 0 && operators.every((operator) => RANGE.has(operator))) return this.inRange(condition as Record<string, unknown>);
    return null;
  }

  private inRange(bounds: Record<string, unknown>): string[] | null {
    const values = Object.values(bounds);
    const type = typeof values[0];
    if ((type !== 'string' && type !== 'number') || values.some((value) => typeof value !== type)) return null;
    const prefix = type === 'string' ? 's' : 'n';
    const { $gt, $gte, $lt, $lte } = bounds as Record<string, string | number | undefined>;
    const found: string[] = [];
    for (const [key, ids] of this.ids) {
      if (key[0] !== prefix) continue;
      const value = type === 'string' ? key.slice(1) : Number(key.slice(1));
      if ($gt !== undefined && !(value > $gt)) continue;
      if ($gte !== undefined && !(value >= $gte)) continue;
      if ($lt !== undefined && !(value < $lt)) continue;
      if ($lte !== undefined && !(value <= $lte)) continue;
      for (const id of ids) found.push(id);
    }
    return found;
  }
}
