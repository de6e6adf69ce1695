/** The client's `If-Match` named a revision the stream has moved past (HTTP 412). */
export class StaleRevisionError extends Error {
  constructor(
    readonly streamName: string,
    readonly expected: number,
    readonly actual: number,
  ) {
    super(`${streamName} is at revision ${actual}, not ${expected}: read it again and retry`);
    this.name = 'StaleRevisionError';
  }
}

/** Concurrent writers kept winning the race for the stream after every retry (HTTP 409). */
export class ConcurrencyConflictError extends Error {
  constructor(
    readonly streamName: string,
    readonly attempts: number,
  ) {
    super(`${streamName} kept changing while the command was decided (${attempts} attempts); retry later`);
    this.name = 'ConcurrencyConflictError';
  }
}

/** An Idempotency-Key came back with a different request than the one it first carried (HTTP 422). */
export class IdempotencyKeyReusedError extends Error {
  constructor(readonly streamName: string) {
    super('This Idempotency-Key was already used for a different request; use a new key for a new request');
    this.name = 'IdempotencyKeyReusedError';
  }
}
