import { deciderSpec } from '@ledger/event-sourcing/testing';
import type { IssueApiKey, RevokeApiKey } from './api-key.commands';
import { apiKeyDecider } from './api-key.decide';
import type { ApiKeyIssued, ApiKeyRevoked } from './api-key.events';

const spec = deciderSpec(apiKeyDecider);
const AT = '2026-11-28T09:00:00.000Z';
const LATER = '2026-11-28T10:00:00.000Z';
const HASH = 'n4bQgYhMfWWaL-qgxVrQFaO_TxsrC4Is0V1sFbDwCgg';

const issueKey = (overrides: Partial<IssueApiKey> = {}): IssueApiKey => ({
  type: 'IssueApiKey',
  keyId: 'k-1',
  name: 'CRM import',
  roles: ['admin'],
  secretHash: HASH,
  at: AT,
  by: 'ops-admin',
  ...overrides,
});

const revokeKey = (overrides: Partial<RevokeApiKey> = {}): RevokeApiKey => ({
  type: 'RevokeApiKey',
  keyId: 'k-1',
  reason: 'The integration was retired',
  at: LATER,
  by: 'ops-admin',
  ...overrides,
});

const keyIssued = (roles: ApiKeyIssued['data']['roles'] = ['admin']): ApiKeyIssued => ({
  type: 'ApiKeyIssued',
  data: { keyId: 'k-1', name: 'CRM import', roles, secretHash: HASH, issuedAt: AT, issuedBy: 'ops-admin' },
});

const keyRevoked: ApiKeyRevoked = {
  type: 'ApiKeyRevoked',
  data: { keyId: 'k-1', reason: 'The integration was retired', revokedAt: LATER, revokedBy: 'ops-admin' },
};

describe('IssueApiKey', () => {
  it('issues a key with its roles and the hash of its secret', () => {
    spec.given([]).when(issueKey()).then([keyIssued()]);
  });

  it('issues a key with several roles', () => {
    spec
      .given([])
      .when(issueKey({ roles: ['auditor', 'analyst'] }))
      .then([keyIssued(['auditor', 'analyst'])]);
  });

  it('refuses to issue a key id twice', () => {
    spec.given([keyIssued()]).when(issueKey()).thenFails('api-key-already-exists');
  });

  it('refuses a blank name', () => {
    spec.given([]).when(issueKey({ name: '  ' })).thenFails('api-key-name-required');
  });

  it('refuses a key without roles', () => {
    spec.given([]).when(issueKey({ roles: [] })).thenFails('api-key-roles-invalid');
  });

  it('refuses a role twice', () => {
    spec.given([]).when(issueKey({ roles: ['analyst', 'analyst'] })).thenFails('api-key-roles-invalid');
  });

  it('refuses an unknown role', () => {
    spec
      .given([])
      .when(issueKey({ roles: ['root'] as unknown as IssueApiKey['roles'] }))
      .thenFails('api-key-roles-invalid');
  });

  it('refuses the rep role: a key owns no pipeline', () => {
    spec.given([]).when(issueKey({ roles: ['rep'] })).thenFails('api-key-role-not-allowed');
  });

  it('refuses the manager role: a key has no team', () => {
    spec.given([]).when(issueKey({ roles: ['analyst', 'manager'] })).thenFails('api-key-role-not-allowed');
  });

  it('refuses anything but a SHA-256 hash as the stored secret (never the secret itself in the log)', () => {
    spec.given([]).when(issueKey({ secretHash: 'my-plain-secret' })).thenFails('api-key-secret-hash-invalid');
  });
});

describe('RevokeApiKey', () => {
  it('revokes an active key, with the reason', () => {
    spec.given([keyIssued()]).when(revokeKey()).then([keyRevoked]);
  });

  it('records nothing when the key is already revoked', () => {
    spec.given([keyIssued(), keyRevoked]).when(revokeKey()).then([]);
  });

  it('refuses a key that was never issued', () => {
    spec.given([]).when(revokeKey()).thenFails('api-key-not-found');
  });

  it('refuses a blank reason', () => {
    spec.given([keyIssued()]).when(revokeKey({ reason: '' })).thenFails('api-key-reason-required');
  });
});
