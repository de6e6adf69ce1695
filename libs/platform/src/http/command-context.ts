import { createHash, randomUUID } from 'node:crypto';
import { v5 as uuidv5 } from 'uuid';
import type { Actor, CommandContext, RevisionPrecondition } from '@ledger/event-sourcing';
import { ProblemException } from './problem';

type Headers = Record<string, string | string[] | undefined>;

/** What a command needs of its HTTP request. */
export type CommandRequest = {
  readonly headers: Headers;
  readonly method: string;
  readonly url: string;
  readonly body?: unknown;
};

const COMMAND_ID_NAMESPACE = 'b0f6b7f4-2f5e-4d43-9a55-34d4a7f1c0de';
const RECORD_ID_NAMESPACE = '2d8a1f64-8c7e-4b7a-a3f1-5f0c9b7e6a21';
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;
// An entity tag this API gives out: a revision, quoted, in canonical form (no sign, no leading zero); weak when prefixed W/.
const ENTITY_TAG = /^(W\/)?"(0|[1-9]\d{0,14})"$/;
const CORRELATION_ID = /^[\w.:-]{1,128}$/;

/**
 * Who, when, which flow, and what the client expects: everything a command needs besides its
 * payload. With an `Idempotency-Key` the command id is derived from the caller and the key, so a
 * retry of the same request is recognised in the log itself, also after a restart.
 */
export function commandContextFrom(request: CommandRequest, actor: Actor, now: Date = new Date()): CommandContext {
  const headers = request.headers;
  const key = single(headers['idempotency-key']);
  if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) {
    throw new ProblemException(400, 'invalid-idempotency-key', 'Idempotency-Key must be 1 to 200 visible ASCII characters');
  }
  const commandId = key === undefined ? randomUUID() : uuidv5(`${actor.userId}\n${key}`, COMMAND_ID_NAMESPACE);
  const correlation = single(headers['x-correlation-id']);
  if (correlation !== undefined && !CORRELATION_ID.test(correlation)) {
    throw new ProblemException(400, 'invalid-correlation-id', 'X-Correlation-Id must be 1 to 128 letters, digits, or . : _ -');
  }
  return {
    commandId,
    correlationId: correlation ?? commandId,
    causationId: commandId,
    actor,
    occurredAt: now.toISOString(),
    expectedRevision: ifMatchPrecondition(headers['if-match']),
    ...(key === undefined ? {} : { requestHash: requestHash(request) }),
  };
}

/** Method, path and body (keys sorted): the same request in another key order is the same request. */
function requestHash(request: CommandRequest): string {
  const path = request.url.split('?')[0];
  return createHash('sha256')
    .update(`${request.method} ${path}\n${canonicalJson(request.body ?? null)}`)
    .digest('base64url')
    .slice(0, 22);
}

const canonicalJson = (value: unknown): string =>
  Array.isArray(value)
    ? `[${value.map(canonicalJson).join(',')}]`
    : value !== null && typeof value === 'object'
      ? `{${Object.keys(value)
          .sort()
          .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`)
          .join(',')}}`
      : JSON.stringify(value);

/** The id of a record a command creates: fixed by the command id, so a retried create targets the same stream. */
export const recordIdFor = (commandId: string): string => uuidv5(commandId, RECORD_ID_NAMESPACE);

/**
 * `If-Match` per RFC 9110 13.1.1: `*`, or a comma-separated list of entity tags. Only strong tags can
 * match a command (strong comparison), so weak ones are kept out of the list and a list of weak tags
 * alone is never met (412). Anything else, an unquoted revision, "01", a tag this API never gives
 * out, is a malformed header (400).
 */
function ifMatchPrecondition(header: string | string[] | undefined): RevisionPrecondition | undefined {
  const value = Array.isArray(header) ? header.join(',') : header;
  if (value === undefined) return undefined;
  if (value.trim() === '*') return 'exists';
  // A list may hold empty elements ("1", , "2"), which a recipient must accept.
  const elements = value.split(',').map((element) => element.trim()).filter((element) => element !== '');
  const tags = elements.map((element) => ENTITY_TAG.exec(element));
  if (tags.length === 0 || tags.some((tag) => tag === null)) {
    throw new ProblemException(400, 'invalid-if-match', 'If-Match must be *, or ETags from earlier answers such as "3" (a list: "3", "4")');
  }
  return tags.flatMap((tag) => (tag![1] === undefined ? [Number(tag![2])] : []));
}

const single = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value[0] : value);
