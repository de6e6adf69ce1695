import { exhaustive, type Role } from '@ledger/event-sourcing';
import { projectionOf, revisionGuardedUpsert, type UpdateSpec } from '@ledger/read-store';
import { type ApiKeyEvent, apiKeyEvents } from '../domain';

export const API_KEY_VIEWS = 'api_key_views';
/**
 * When each key was last used, written by the authority outside the log (see ReadStore.record): no
 * projection owns it, so a rebuild keeps it. One document per key, `_id` the key id.
 */
export const API_KEY_USAGE = 'api_key_usage';

/** What an admin sees of a key: never its secret, nor the hash of it. */
export type ApiKeyView = {
  readonly _id: string;
  readonly _revision: number;
  readonly name: string;
  readonly roles: readonly Role[];
  readonly issuedAt: string;
  readonly issuedBy: string;
  readonly revokedAt: string | null;
  readonly revokedBy: string | null;
  readonly revokedReason: string | null;
  readonly updatedAt: string;
};

export type ApiKeyUsage = { readonly _id: string; readonly lastUsedAt: string };

export type ApiKeyResource = Omit<ApiKeyView, '_id' | '_revision' | 'updatedAt'> & {
  readonly id: string;
  readonly revision: number;
  /** At most a minute behind (written once a minute per key and API process); null if never used. */
  readonly lastUsedAt: string | null;
};

export const toApiKeyResource = ({ _id, _revision, updatedAt: _updatedAt, ...rest }: ApiKeyView, usage: ApiKeyUsage | undefined): ApiKeyResource => ({
  id: _id,
  ...rest,
  revision: _revision,
  lastUsedAt: usage?.lastUsedAt ?? null,
});

function changesFor(event: ApiKeyEvent): UpdateSpec {
  switch (event.type) {
    case 'ApiKeyIssued': {
      const { name, roles, issuedAt, issuedBy } = event.data;
      return { $set: { name, roles, issuedAt, issuedBy, revokedAt: null, revokedBy: null, revokedReason: null } };
    }
    case 'ApiKeyRevoked':
      return { $set: { revokedAt: event.data.revokedAt, revokedBy: event.data.revokedBy, revokedReason: event.data.reason } };
    default:
      return exhaustive(event);
  }
}

/** The keys an admin issued, newest first; guarded by the key stream's revision. The hash of the secret is not copied here. */
export const apiKeyViewProjection = projectionOf({
  name: 'api-key-views',
  collections: [API_KEY_VIEWS],
  indexes: { [API_KEY_VIEWS]: [{ fields: { issuedAt: -1, _id: -1 } }] },
  events: apiKeyEvents,
  project: (event, recorded) => [revisionGuardedUpsert(API_KEY_VIEWS, event.data.keyId, changesFor(event), recorded)],
});
