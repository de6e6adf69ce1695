import { type Event, eventCodec, type Role } from '@ledger/event-sourcing/kernel';

/** An admin issued a key; the log holds the hash of its secret, never the secret. */
export type ApiKeyIssued = Event<
  'ApiKeyIssued',
  {
    readonly keyId: string;
    readonly name: string;
    readonly roles: readonly Role[];
    readonly secretHash: string;
    readonly issuedAt: string;
    readonly issuedBy: string;
  }
>;

export type ApiKeyRevoked = Event<
  'ApiKeyRevoked',
  { readonly keyId: string; readonly reason: string; readonly revokedAt: string; readonly revokedBy: string }
>;

export type ApiKeyEvent = ApiKeyIssued | ApiKeyRevoked;
export type ApiKeyEventType = ApiKeyEvent['type'];

/** Every API key event type with its current schema version. */
export const apiKeyEvents = eventCodec<ApiKeyEvent>({
  ApiKeyIssued: 1,
  ApiKeyRevoked: 1,
});
