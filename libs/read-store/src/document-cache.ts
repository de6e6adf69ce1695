import type { Document } from './read-store.port';

/**
 * The embedded store's bounded cache of parsed documents, least recently used first out: a
 * `Map` in order of use (a hit moves its entry to the end), at most `capacity` entries across
 * every collection. `null` records a document known not to exist (an upsert's first write looks
 * it up). Entries are never written into: a change replaces the object.
 */
export class DocumentCache {
  private readonly entries = new Map<string, Document | null>();

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`A document cache holds at least one document, not ${capacity}`);
  }

  get size(): number {
    return this.entries.size;
  }

  /** The cached document (null: known to be absent), or undefined when not cached; a hit counts as a use. */
  get(collection: string, id: string): Document | null | undefined {
    const key = keyOf(collection, id);
    const found = this.entries.get(key);
    if (found !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, found);
    }
    return found;
  }

  /** The cached document without counting a use (a scan passing by). */
  peek(collection: string, id: string): Document | null | undefined {
    return this.entries.get(keyOf(collection, id));
  }

  set(collection: string, id: string, document: Document | null): void {
    const key = keyOf(collection, id);
    this.entries.delete(key);
    this.entries.set(key, document);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }

  delete(collection: string, id: string): void {
    this.entries.delete(keyOf(collection, id));
  }

  /** Forgets every document of a collection (dropped by a reset). */
  dropCollection(collection: string): void {
    const prefix = keyOf(collection, '');
    for (const key of this.entries.keys()) if (key.startsWith(prefix)) this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }
}

const keyOf = (collection: string, id: string): string => `${collection}\u0000${id}`;
