import { exhaustive, type Role } from '@ledger/event-sourcing/kernel';
import type { ApiKeyEvent } from './api-key.events';

export type IssuedApiKey = {
  readonly keyId: string;
  readonly name: string;
  readonly roles: readonly Role[];
  readonly secretHash: string;
};

export type ApiKeyState =
  | { readonly status: 'initial' }
  | ({ readonly status: 'active' } & IssuedApiKey)
  | ({ readonly status: 'revoked'; readonly revokedAt: string } & IssuedApiKey);

export const initialState = (): ApiKeyState => ({ status: 'initial' });

/** Events come from the log and are trusted; one that makes no sense in the state leaves it as it is. */
export const evolve = (state: ApiKeyState, event: ApiKeyEvent): ApiKeyState => {
  switch (event.type) {
    case 'ApiKeyIssued': {
      const { keyId, name, roles, secretHash } = event.data;
      return { status: 'active', keyId, name, roles, secretHash };
    }
    case 'ApiKeyRevoked':
      return state.status === 'active' ? { ...state, status: 'revoked', revokedAt: event.data.revokedAt } : state;
    default:
      return exhaustive(event);
  }
};
