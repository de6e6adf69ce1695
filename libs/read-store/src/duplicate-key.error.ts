/** A write would give two documents of a collection the same key in a unique index; the commit fails. */
export class DuplicateKeyError extends Error {
  readonly code = 'DUPLICATE_KEY';

  constructor(
    readonly collection: string,
    detail: string,
    options?: ErrorOptions,
  ) {
    super(`Duplicate key in ${collection}: ${detail}`, options);
    this.name = 'DuplicateKeyError';
  }
}
