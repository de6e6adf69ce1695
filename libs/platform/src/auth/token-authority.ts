import type { VerifiedToken } from './tokens';

/**
 * What a valid signature cannot tell: whether the token's user may still act in the role it claims
 * (deactivated, role changed, tokens revoked). The team directory answers (libs/sales/src/team);
 * the guard asks on every authenticated request, so an answer must be quick.
 */
export abstract class TokenAuthority {
  /** Throws a problem (401 or 403 with a stable code) when the token no longer speaks for its user. */
  abstract confirm(token: VerifiedToken): Promise<void>;
}
