import type { FastifyRequest } from 'fastify';
import { ProblemException } from './problem';

/** Far beyond any request this API describes (a money object in an account in an opening is three deep). */
export const MAX_BODY_DEPTH = 32;

/**
 * Whether a parsed JSON value nests objects and arrays more than `limit` deep. Walked with a
 * stack of its own, not recursion, so that the check cannot overflow on the bodies it is for.
 */
export function nestsDeeperThan(value: unknown, limit: number): boolean {
  const pending: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (typeof next.value !== 'object' || next.value === null) continue;
    const depth = next.depth + 1;
    if (depth > limit) return true;
    for (const child of Object.values(next.value)) pending.push({ value: child, depth });
  }
  return false;
}

/**
 * A Fastify `preValidation` hook: a body nested deeper than `MAX_BODY_DEPTH` is refused before
 * anything walks it by recursion (the request hash, the validation pipe), which would overflow the stack.
 */
export async function refuseDeepBodies(request: FastifyRequest): Promise<void> {
  if (nestsDeeperThan(request.body, MAX_BODY_DEPTH)) {
    throw new ProblemException(400, 'body-too-deep', `The body nests objects and arrays more than ${MAX_BODY_DEPTH} deep`);
  }
}
