/**
 * The read store could not be reached or could not confirm a write (network, failover, a write
 * concern that timed out): nothing is wrong with the data, and the same write will go through once
 * the store is back. Projections wait and retry it; they never park an event for it.
 */
export class ReadStoreUnavailableError extends Error {
  readonly code = 'READ_STORE_UNAVAILABLE';

  constructor(operation: string, options: ErrorOptions & { cause: unknown }) {
    const reason = options.cause instanceof Error ? options.cause.message : String(options.cause);
    super(`The read store is unavailable (${operation}): ${reason}`, options);
    this.name = 'ReadStoreUnavailableError';
  }
}
