import type { Document } from './read-store.port';

/** Documents per chunk: inserting shifts at most this many references, and a walk seeks through chunks first. */
const CHUNK = 256;

/** MongoDB's order of types: null (and missing) before numbers, before strings, objects, arrays, booleans. */
const rank = (value: unknown): number => {
  if (value === null || value === undefined) return 0;
  switch (typeof value) {
    case 'number':
      return 1;
    case 'string':
      return 2;
    case 'boolean':
      return 5;
    default:
      return Array.isArray(value) ? 4 : 3;
  }
};

/** Two values in MongoDB's sort order (objects and arrays only consistently, by their JSON). */
export function compareValues(x: unknown, y: unknown): number {
  const rx = rank(x);
  const ry = rank(y);
  if (rx !== ry) return rx - ry;
  if (rx === 0) return 0;
  if (rx === 3 || rx === 4) {
    const a = JSON.stringify(x);
    const b = JSON.stringify(y);
    return a < b ? -1 : a > b ? 1 : 0;
  }
  return (x as number) < (y as number) ? -1 : (x as number) > (y as number) ? 1 : 0;
}

/**
 * A point between the entries of an index: before (or, with `after`, after) every entry whose
 * first keys equal `values`. No values: before (or after) every entry.
 */
export type Bound = { readonly values: readonly unknown[]; readonly after: boolean };
export const START: Bound = { values: [], after: false };
export const END: Bound = { values: [], after: true };

type Position = { chunk: number; offset: number };

/**
 * An ordered index of a collection for the embedded store, as MongoDB keeps one: the ids of the
 * documents in the order of the declared keys, then `_id`, read through the collection's cache (a
 * reference to the id string each, which the document holds anyway), in chunks of a few hundred,
 * so an insert moves a few hundred references at most. A change that leaves the keys as they were
 * leaves the index alone.
 * A list's page walks it from a bound in either direction and stops once it has its page, instead
 * of matching every document and sorting them.
 *
 * Arrays would make an entry per element in MongoDB (a multikey index); here such a document is
 * kept in one place and the index is marked multikey, which the planner does not walk.
 */
export class OrderedIndex {
  readonly keys: readonly (readonly [string, 1 | -1])[];
  readonly name: string;
  multikey = false;
  private chunks: string[][] = [[]];

  constructor(
    fields: Readonly<Record<string, 1 | -1>>,
    private readonly documents: ReadonlyMap<string, Document>,
  ) {
    const declared = Object.entries(fields);
    const last = declared.at(-1)?.[1] ?? 1;
    this.keys = declared.some(([field]) => field === '_id') ? declared : [...declared, ['_id', last]];
    this.name = declared.map(([field, direction]) => `${field}_${direction}`).join('_');
  }

  get size(): number {
    let size = 0;
    for (const chunk of this.chunks) size += chunk.length;
    return size;
  }

  /** Fills an empty index at once (a collection loaded from the file): one sort instead of an insert per document. */
  load(): void {
    const all = [...this.documents.values()];
    for (const document of all) this.noteArrays(document);
    all.sort((a, b) => this.compare(a, b));
    const ids = all.map((document) => document._id);
    this.chunks = [];
    for (let start = 0; start < ids.length; start += CHUNK / 2) this.chunks.push(ids.slice(start, start + CHUNK / 2));
    if (this.chunks.length === 0) this.chunks.push([]);
  }

  add(document: Document): void {
    this.noteArrays(document);
    const { chunk, offset } = this.seek((entry) => this.compare(entry, document) > 0);
    const target = this.chunks[chunk];
    target.splice(offset, 0, document._id);
    if (target.length > CHUNK) this.chunks.splice(chunk, 1, target.slice(0, CHUNK / 2), target.slice(CHUNK / 2));
  }

  /** Removes a document as it was indexed (the version still in the cache). */
  remove(document: Document): void {
    const { chunk, offset } = this.seek((entry) => this.compare(entry, document) >= 0);
    const target = this.chunks[chunk];
    if (target?.[offset] !== document._id) return;
    target.splice(offset, 1);
    if (target.length === 0 && this.chunks.length > 1) this.chunks.splice(chunk, 1);
  }

  /** Whether two versions of a document sit in the same place (its keys are the same scalars). */
  holdsSame(a: Document, b: Document): boolean {
    return this.keys.every(([field]) => {
      const x = a[field];
      return x === b[field] && (typeof x !== 'object' || x === null);
    });
  }

  /** The documents from `low` to `high`, in index order or (backward) its reverse; the visitor returns false to stop. */
  walk(low: Bound, high: Bound, backward: boolean, visit: (document: Document) => boolean): void {
    const from = this.position(low);
    const to = this.position(high);
    if (!backward) {
      for (let c = from.chunk; c < this.chunks.length; c += 1) {
        const chunk = this.chunks[c];
        for (let i = c === from.chunk ? from.offset : 0; i < chunk.length; i += 1) {
          if (c > to.chunk || (c === to.chunk && i >= to.offset)) return;
          if (!visit(this.documents.get(chunk[i])!)) return;
        }
      }
      return;
    }
    for (let c = Math.min(to.chunk, this.chunks.length - 1); c >= 0; c -= 1) {
      const chunk = this.chunks[c];
      for (let i = c === to.chunk ? to.offset - 1 : chunk.length - 1; i >= 0; i -= 1) {
        if (c < from.chunk || (c === from.chunk && i < from.offset)) return;
        if (!visit(this.documents.get(chunk[i])!)) return;
      }
    }
  }

  /** How many entries lie between two bounds (counted through the chunks, without visiting the entries). */
  count(low: Bound, high: Bound): number {
    const from = this.position(low);
    const to = this.position(high);
    if (to.chunk < from.chunk || (to.chunk === from.chunk && to.offset <= from.offset)) return 0;
    let n = -from.offset + to.offset;
    for (let c = from.chunk; c < to.chunk; c += 1) n += this.chunks[c].length;
    return n;
  }

  /** Where a bound falls: the first entry beyond it. */
  private position(bound: Bound): Position {
    if (bound.values.length === 0) return bound.after ? { chunk: this.chunks.length - 1, offset: this.chunks.at(-1)!.length } : { chunk: 0, offset: 0 };
    return this.seek((entry) => this.compareToBound(entry, bound) > 0);
  }

  /** The first position whose entry satisfies `beyond` (entries are ordered, so beyond holds from some point on). */
  private seek(beyondDocument: (entry: Document) => boolean): Position {
    const beyond = (id: string): boolean => beyondDocument(this.documents.get(id)!);
    let low = 0;
    let high = this.chunks.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      const chunk = this.chunks[middle];
      if (chunk.length > 0 && beyond(chunk[chunk.length - 1])) high = middle;
      else low = middle + 1;
    }
    const chunk = this.chunks[low];
    let first = 0;
    let last = chunk.length;
    while (first < last) {
      const middle = (first + last) >> 1;
      if (beyond(chunk[middle])) last = middle;
      else first = middle + 1;
    }
    return { chunk: low, offset: first };
  }

  private compare(a: Document, b: Document): number {
    for (const [field, direction] of this.keys) {
      const order = compareValues(a[field], b[field]);
      if (order !== 0) return order * direction;
    }
    return 0;
  }

  private compareToBound(entry: Document, bound: Bound): number {
    for (let i = 0; i < bound.values.length; i += 1) {
      const [field, direction] = this.keys[i];
      const order = compareValues(entry[field], bound.values[i]);
      if (order !== 0) return order * direction;
    }
    return bound.after ? -1 : 1;
  }

  private noteArrays(document: Document): void {
    if (!this.multikey && this.keys.some(([field]) => Array.isArray(document[field]))) this.multikey = true;
  }
}
