import type { Role } from '@ledger/event-sourcing';

/** Whom a valid API key speaks for: a stable principal (the actor's user id on what it writes) and the roles it was issued with. */
export type ApiKeyHolder = { readonly principal: string; readonly roles: readonly Role[] };

/**
 * Checks an `Authorization: ApiKey <credential>` against the keys an admin issued (libs/sales/src/api-key).
 * Asked on every request that sends a key, so an answer must be quick.
 */
export abstract class ApiKeyAuthority {
  /** Throws a problem (401 with a stable code) when the credential names no valid key. */
  abstract authenticate(credential: string): Promise<ApiKeyHolder>;
}
