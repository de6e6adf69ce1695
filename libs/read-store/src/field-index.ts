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

const isRange = (condition: unknown): condition is Record<string, unknown> =>
  typeof condition === 'object' &&
  condition !== null &&
  !Array.isArray(condition) &&
  Object.keys(condition).length > 0 &&
  Object.keys(condition).every((operator) => RANGE.has(operator));

/**
 * An in-memory index of one top-level field of a collection, for the embedded store: which
 * documents hold each value (their ids, kept here: it reads no document, and `holds` checks an id
 * against a condition without reading its document either). A filter that pins the field to values (`x`, `$eq`, `$in`) or to a
 * range of strings or numbers is answered from the documents it lists instead of from every
 * document of the collection. Ranges walk the distinct values, which for the fields indexed here
 * (months, dates, ids) are far fewer than the documents.
 */
export class FieldIndex {
  /** The ids holding each key: one id alone as its string (most values of a field like an account id), several as a set. */
  private readonly ids = new Map<Key, string | Set<string>>();

  constructor(readonly field: string) {}

  add(document: Document): void {
    const id = document._id;
    for (const key of keysOf(document[this.field])) {
      const held = this.ids.get(key);
      if (held === undefined) this.ids.set(key, id);
      else if (typeof held === 'string') {
        if (held !== id) this.ids.set(key, new Set([held, id]));
      } else held.add(id);
    }
  }

  /** Whether two versions of a document are indexed under the same keys (scalars compared; arrays never assumed equal). */
  holdsSame(a: Document, b: Document): boolean {
    const x = a[this.field];
    const y = b[this.field];
    return x === y && (typeof x !== 'object' || x === null);
  }

  remove(document: Document): void {
    const id = document._id;
    for (const key of keysOf(document[this.field])) {
      const held = this.ids.get(key);
      if (held === id) this.ids.delete(key);
      else if (typeof held === 'object') {
        held.delete(id);
        if (held.size === 1) this.ids.set(key, held.values().next().value!);
      }
    }
  }

  /**
   * The condition on this field as a test of an id, when the index can answer it (the same
   * conditions as `candidates`): a document need not be read to be checked. An array matches when
   * one of its elements does (for a range, one element must satisfy every bound: the read models
   * range-query only scalar fields).
   */
  holds(filter: Filter): ((id: string) => boolean) | null {
    if (!this.answers(filter)) return null;
    const condition = this.conditionOf(filter);
    const key = keyOf(condition);
    const keys =
      key !== null
        ? [key]
        : '$eq' in (condition as object)
          ? [keyOf((condition as { $eq: unknown }).$eq)!]
          : '$in' in (condition as object)
            ? ((condition as { $in: unknown[] }).$in.map(keyOf) as Key[])
            : null;
    if (keys === null) {
      // The ids in a range, gathered on the first test (a walk may stop before any).
      let ids: Set<string> | null = null;
      const inRange = (): Set<string> => {
        const found = new Set<string>();
        this.eachInRange(condition as Record<string, unknown>, (held) => {
          if (typeof held === 'string') found.add(held);
          else for (const id of held) found.add(id);
        });
        return found;
      };
      return (id) => (ids ??= inRange()).has(id);
    }
    const held = keys.map((k) => this.ids.get(k));
    return (id) => held.some((ids) => ids === id || (typeof ids === 'object' && ids.has(id)));
  }

  /** How many ids `candidates` would list (an upper bound, without listing them), or null when the index cannot narrow it. */
  estimate(filter: Filter): number | null {
    if (!(this.field in filter)) return null;
    const condition = this.conditionOf(filter);
    const key = keyOf(condition);
    if (key !== null) return sizeOf(this.ids.get(key));
    if (typeof condition !== 'object' || condition === null || Array.isArray(condition)) return null;
    const operators = Object.keys(condition);
    if (operators.length === 1 && operators[0] === '$in') {
      const values = (condition as { $in: unknown }).$in;
      if (!Array.isArray(values) || values.some((value) => keyOf(value) === null)) return null;
      return values.reduce<number>((sum, value) => sum + sizeOf(this.ids.get(keyOf(value)!)), 0);
    }
    if (!this.answers(filter)) return null;
    let count = 0;
    this.eachInRange(condition as Record<string, unknown>, (ids) => (count += sizeOf(ids)));
    return count;
  }

  /** Whether the index can answer the filter's condition on this field (equality, `$eq`, `$in` of scalars, a range of strings or numbers). */
  answers(filter: Filter): boolean {
    if (!(this.field in filter)) return false;
    const condition = this.conditionOf(filter);
    if (keyOf(condition) !== null) return true;
    if (typeof condition !== 'object' || condition === null || Array.isArray(condition)) return false;
    const operators = Object.keys(condition);
    if (operators.length === 1 && operators[0] === '$eq') return keyOf((condition as { $eq: unknown }).$eq) !== null;
    if (operators.length === 1 && operators[0] === '$in') {
      const values = (condition as { $in: unknown }).$in;
      return Array.isArray(values) && values.every((value) => keyOf(value) !== null);
    }
    if (operators.length === 0 || !operators.every((operator) => RANGE.has(operator))) return false;
    const values = Object.values(condition);
    const type = typeof values[0];
    return (type === 'string' || type === 'number') && values.every((value) => typeof value === type);
  }

  /** The ids that may match the filter's condition on this field, or null when the index cannot narrow it. */
  candidates(filter: Filter): Set<string> | string[] | null {
    if (!(this.field in filter)) return null;
    const condition = this.conditionOf(filter);
    const key = keyOf(condition);
    if (key !== null) return listOf(this.ids.get(key));
    if (typeof condition !== 'object' || condition === null || Array.isArray(condition)) return null;
    const operators = Object.keys(condition);
    if (operators.length === 1 && operators[0] === '$eq') return this.candidates({ [this.field]: (condition as { $eq: unknown }).$eq });
    if (operators.length === 1 && operators[0] === '$in') {
      const values = (condition as { $in: unknown }).$in;
      if (!Array.isArray(values)) return null;
      const keys = values.map(keyOf);
      if (keys.some((k) => k === null)) return null;
      if (keys.length === 1) return listOf(this.ids.get(keys[0]!));
      return keys.flatMap((k) => [...listOf(this.ids.get(k!))]);
    }
    if (!this.answers(filter)) return null;
    const found: string[] = [];
    this.eachInRange(condition as Record<string, unknown>, (ids) => {
      for (const id of listOf(ids)) found.push(id);
    });
    return found;
  }

  /**
   * The filter's condition on this field. `$elemMatch` of a range is that range over the elements,
   * which is what the keys of an array are (a range alone on an array may be met by two elements).
   */
  private conditionOf(filter: Filter): unknown {
    const condition = filter[this.field];
    if (typeof condition !== 'object' || condition === null || Array.isArray(condition)) return condition;
    const operators = Object.keys(condition);
    const inner = (condition as { $elemMatch?: unknown }).$elemMatch;
    return operators.length === 1 && operators[0] === '$elemMatch' && isRange(inner) ? inner : condition;
  }

  /** The ids of the values within a range (the caller checked it is one `answers` takes). */
  private eachInRange(bounds: Record<string, unknown>, visit: (ids: string | Set<string>) => void): void {
    const type = typeof Object.values(bounds)[0];
    const prefix = type === 'string' ? 's' : 'n';
    const { $gt, $gte, $lt, $lte } = bounds as Record<string, string | number | undefined>;
    for (const [key, ids] of this.ids) {
      if (key[0] !== prefix) continue;
      const value = type === 'string' ? key.slice(1) : Number(key.slice(1));
      if ($gt !== undefined && !(value > $gt)) continue;
      if ($gte !== undefined && !(value >= $gte)) continue;
      if ($lt !== undefined && !(value < $lt)) continue;
      if ($lte !== undefined && !(value <= $lte)) continue;
      visit(ids);
    }
  }
}

const sizeOf = (ids: string | Set<string> | undefined): number => (ids === undefined ? 0 : typeof ids === 'string' ? 1 : ids.size);
const listOf = (ids: string | Set<string> | undefined): Set<string> | string[] => (ids === undefined ? [] : typeof ids === 'string' ? [ids] : ids);
