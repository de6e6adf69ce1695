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
 * A run of entries in the index's order, column by column: one array per key other than `_id`
 * (the value each document had when indexed; missing is undefined), then the ids.
 */
type Chunk = unknown[][];

/** One entry as its columns: the key values other than `_id`, then the id. */
type Entry = unknown[];

/**
 * An ordered index of a collection for the embedded store, as MongoDB keeps one: the ids of the
 * documents in the order of the declared keys, then `_id`, each with the values it was indexed
 * under (its own copy of the keys: it reads no document to compare, so the documents themselves
 * need not stay in memory), in chunks of a few hundred entries kept column by column (a reference
 * per key and entry: 8 bytes, plus the value itself when it is not shared or a small integer), so
 * an insert moves a few hundred references per column at most. A change that leaves the keys as
 * they were leaves the index alone.
 * A list's page walks it from a bound in either direction and stops once it has its page, instead
 * of matching every document and sorting them; a filter on the index's keys only is tested on
 * them, without reading the documents.
 *
 * Arrays would make an entry per element in MongoDB (a multikey index); here such a document is
 * kept in one place and the index is marked multikey, which the planner does not walk.
 */
export class OrderedIndex {
  readonly keys: readonly (readonly [string, 1 | -1])[];
  readonly name: string;
  multikey = false;
  /** The fields of the columns before the ids (every key but `_id`). */
  readonly fields: readonly string[];
  /** For each key, its column in an entry (the ids' for `_id`). */
  private readonly columnOf: readonly number[];
  private readonly directions: readonly (1 | -1)[];
  private chunks: Chunk[];
  /** Where a walk stands, for `keysHere`. */
  private readonly here: { chunk: Chunk; offset: number } = { chunk: [], offset: 0 };
  /** The walked entry's keys as a partial document (`_id` and each key field the document has); valid only while its visit runs. */
  private readonly keysHere = (): Document => {
    const { chunk, offset } = this.here;
    const keys: Document = { _id: chunk[this.fields.length][offset] as string };
    this.fields.forEach((field, column) => {
      const value = chunk[column][offset];
      if (value !== undefined) keys[field] = value;
    });
    return keys;
  };

  constructor(fields: Readonly<Record<string, 1 | -1>>) {
    const declared = Object.entries(fields);
    const last = declared.at(-1)?.[1] ?? 1;
    this.keys = declared.some(([field]) => field === '_id') ? declared : [...declared, ['_id', last]];
    this.name = declared.map(([field, direction]) => `${field}_${direction}`).join('_');
    this.fields = this.keys.map(([field]) => field).filter((field) => field !== '_id');
    this.columnOf = this.keys.map(([field]) => (field === '_id' ? this.fields.length : this.fields.indexOf(field)));
    this.directions = this.keys.map(([, direction]) => direction);
    this.chunks = [this.emptyChunk()];
  }

  get size(): number {
    let size = 0;
    for (const chunk of this.chunks) size += chunk[this.fields.length].length;
    return size;
  }

  /** Whether every field a filter reads is one of this index's keys (then `walk`'s keys answer it without the document). */
  holdsFields(fields: ReadonlySet<string>): boolean {
    for (const field of fields) if (field !== '_id' && !this.fields.includes(field)) return false;
    return true;
  }

  /**
   * Fills an empty index at once (a collection read from its rows): one sort instead of an insert
   * per document. `ids` lists every document, `valuesOf(field)` each one's value of a key field, in the same order.
   */
  load(ids: readonly string[], valuesOf: (field: string) => readonly unknown[]): void {
    const columns = [...this.fields.map(valuesOf), ids];
    if (!this.multikey && columns.some((values) => values.some(Array.isArray))) this.multikey = true;
    const order = Array.from(ids, (_, i) => i);
    order.sort((a, b) => {
      for (let k = 0; k < this.columnOf.length; k += 1) {
        const values = columns[this.columnOf[k]];
        const by = compareValues(values[a], values[b]);
        if (by !== 0) return by * this.directions[k];
      }
      return 0;
    });
    this.chunks = [];
    for (let start = 0; start < order.length; start += CHUNK / 2) {
      const slice = order.slice(start, start + CHUNK / 2);
      this.chunks.push(columns.map((values) => slice.map((i) => values[i])));
    }
    if (this.chunks.length === 0) this.chunks.push(this.emptyChunk());
  }

  add(document: Document): void {
    this.noteArrays(document);
    const entry = this.entryOf(document);
    const { chunk, offset } = this.seek((target, at) => this.compareAt(target, at, entry) > 0);
    const target = this.chunks[chunk];
    target.forEach((column, i) => column.splice(offset, 0, entry[i]));
    if (target[0].length > CHUNK) {
      this.chunks.splice(chunk, 1, target.map((column) => column.slice(0, CHUNK / 2)), target.map((column) => column.slice(CHUNK / 2)));
    }
  }

  /** Removes a document as it was indexed (the version the index was last given). */
  remove(document: Document): void {
    const entry = this.entryOf(document);
    const { chunk, offset } = this.seek((target, at) => this.compareAt(target, at, entry) >= 0);
    const target = this.chunks[chunk];
    if (target[this.fields.length][offset] !== document._id) return;
    for (const column of target) column.splice(offset, 1);
    if (target[0].length === 0 && this.chunks.length > 1) this.chunks.splice(chunk, 1);
  }

  /** Whether two versions of a document sit in the same place (its keys are the same scalars). */
  holdsSame(a: Document, b: Document): boolean {
    return this.keys.every(([field]) => {
      const x = a[field];
      return x === b[field] && (typeof x !== 'object' || x === null);
    });
  }

  /**
   * The ids from `low` to `high`, in index order or (backward) its reverse; the visitor returns
   * false to stop. `keys()` gives the visited entry's keys as a partial document, while the visit runs.
   */
  walk(low: Bound, high: Bound, backward: boolean, visit: (id: string, keys: () => Document) => boolean): void {
    const from = this.position(low);
    const to = this.position(high);
    const ids = this.fields.length;
    if (!backward) {
      for (let c = from.chunk; c < this.chunks.length; c += 1) {
        const chunk = this.chunks[c];
        for (let i = c === from.chunk ? from.offset : 0; i < chunk[ids].length; i += 1) {
          if (c > to.chunk || (c === to.chunk && i >= to.offset)) return;
          this.here.chunk = chunk;
          this.here.offset = i;
          if (!visit(chunk[ids][i] as string, this.keysHere)) return;
        }
      }
      return;
    }
    for (let c = Math.min(to.chunk, this.chunks.length - 1); c >= 0; c -= 1) {
      const chunk = this.chunks[c];
      for (let i = c === to.chunk ? to.offset - 1 : chunk[ids].length - 1; i >= 0; i -= 1) {
        if (c < from.chunk || (c === from.chunk && i < from.offset)) return;
        this.here.chunk = chunk;
        this.here.offset = i;
        if (!visit(chunk[ids][i] as string, this.keysHere)) return;
      }
    }
  }

  /** How many entries lie between two bounds (counted through the chunks, without visiting the entries). */
  count(low: Bound, high: Bound): number {
    const from = this.position(low);
    const to = this.position(high);
    if (to.chunk < from.chunk || (to.chunk === from.chunk && to.offset <= from.offset)) return 0;
    let n = -from.offset + to.offset;
    for (let c = from.chunk; c < to.chunk; c += 1) n += this.chunks[c][this.fields.length].length;
    return n;
  }

  /** Where a bound falls: the first entry beyond it. */
  private position(bound: Bound): Position {
    if (bound.values.length === 0) return bound.after ? { chunk: this.chunks.length - 1, offset: this.chunks.at(-1)![0].length } : { chunk: 0, offset: 0 };
    return this.seek((chunk, at) => this.compareToBound(chunk, at, bound) > 0);
  }

  /** The first position whose entry satisfies `beyond` (entries are ordered, so beyond holds from some point on). */
  private seek(beyond: (chunk: Chunk, at: number) => boolean): Position {
    let low = 0;
    let high = this.chunks.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      const chunk = this.chunks[middle];
      if (chunk[0].length > 0 && beyond(chunk, chunk[0].length - 1)) high = middle;
      else low = middle + 1;
    }
    const chunk = this.chunks[low];
    let first = 0;
    let last = chunk[0].length;
    while (first < last) {
      const middle = (first + last) >> 1;
      if (beyond(chunk, middle)) last = middle;
      else first = middle + 1;
    }
    return { chunk: low, offset: first };
  }

  /** An entry of a chunk against an entry given whole. */
  private compareAt(chunk: Chunk, at: number, entry: Entry): number {
    for (let k = 0; k < this.columnOf.length; k += 1) {
      const column = this.columnOf[k];
      const order = compareValues(chunk[column][at], entry[column]);
      if (order !== 0) return order * this.directions[k];
    }
    return 0;
  }

  /** A document's entry: its key values, then its id. */
  private entryOf(document: Document): Entry {
    const entry: Entry = this.fields.map((field) => document[field]);
    entry.push(document._id);
    return entry;
  }

  private compareToBound(chunk: Chunk, at: number, bound: Bound): number {
    for (let i = 0; i < bound.values.length; i += 1) {
      const order = compareValues(chunk[this.columnOf[i]][at], bound.values[i]);
      if (order !== 0) return order * this.directions[i];
    }
    return bound.after ? -1 : 1;
  }

  /** One empty array per column. */
  private columns(): unknown[][] {
    return Array.from({ length: this.fields.length + 1 }, () => []);
  }

  private emptyChunk(): Chunk {
    return this.columns();
  }

  private noteArrays(document: Document): void {
    if (!this.multikey && this.keys.some(([field]) => Array.isArray(document[field]))) this.multikey = true;
  }
}
