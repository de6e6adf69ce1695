/**
 * A refusal by the domain. `code` is stable and reaches clients verbatim; `kind` tells the
 * transport which family of refusal it is without the domain knowing about HTTP.
 */
export type DomainErrorKind = 'not-found' | 'already-exists' | 'rule-violated' | 'forbidden';

export class DomainError extends Error {
  constructor(
    readonly code: string,
    readonly kind: DomainErrorKind,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}
