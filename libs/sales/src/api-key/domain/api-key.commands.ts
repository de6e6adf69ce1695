import type { Role } from '@ledger/event-sourcing/kernel';

/**
 * A key for a machine client (an integration importing deals). The secret itself never reaches the
 * domain: the application makes it, shows it once, and hands over only its hash.
 */
export type IssueApiKey = {
  readonly type: 'IssueApiKey';
  readonly keyId: string;
  readonly name: string;
  readonly roles: readonly Role[];
  /** SHA-256 of the secret, base64url (43 characters). */
  readonly secretHash: string;
  readonly at: string;
  readonly by: string;
};

/** The key stops working at once; it cannot be brought back (issue another). */
export type RevokeApiKey = {
  readonly type: 'RevokeApiKey';
  readonly keyId: string;
  readonly reason: string;
  readonly at: string;
  readonly by: string;
};

export type ApiKeyCommand = IssueApiKey | RevokeApiKey;
