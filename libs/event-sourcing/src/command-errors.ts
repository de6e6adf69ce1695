import type { RevisionPrecondition } from './revision-precondition';

const described = (expected: RevisionPrecondition): string =>
  expected === 'exists' ? 'an existing record (If-Match: *)' : expected.length === 0 ? 'a strong entity tag (weak tags never match a command)' : expected.join(' or ');

/** The client's `If-Match` is not met by the stream: it has moved on, does not exist, or only weak tags were sent (HTTP 412). */
export class StaleRevisionError extends Error {
  constructor(
    readonly streamName: string,
    readonly expected: RevisionPrecondition,
    readonly actual: number,
  ) {
    super(`${streamName} is at revision ${actual}, not ${described(expected)}: read it again and retry`);
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
