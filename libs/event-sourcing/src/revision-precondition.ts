/**
 * `If-Match` as a condition on a stream (RFC 9110 13.1.1): `'exists'` for `*`, otherwise the revisions
 * of its strong entity tags, any of which may be current. Weak tags never match a command, so a list
 * of weak tags only is an empty list: never met.
 */
export type RevisionPrecondition = 'exists' | readonly number[];

export const meetsPrecondition = (precondition: RevisionPrecondition, revision: number): boolean =>
  precondition === 'exists' ? revision >= 0 : precondition.includes(revision);
