import type { Role } from '@ledger/event-sourcing';
import type { ExistingTeamMemberState } from '../domain';
import { refusalOf } from './directory-token-authority';

const ANNA: ExistingTeamMemberState = {
  status: 'active',
  userId: 'anna-snelling',
  name: 'Anna Snelling',
  role: 'rep',
  managerId: 'dustin-brinkmann',
  regionalOffice: 'Central',
  addedAt: '2026-03-01T09:00:00.000Z',
  tokensRevokedAt: null,
};
const REVOKED_AT = '2026-03-12T14:30:00.700Z';
const REVOKED_SECOND = Date.parse('2026-03-12T14:30:00.000Z') / 1000;

const token = (role: Role, issuedAtSeconds = REVOKED_SECOND - 60, userId = ANNA.userId) => ({ actor: { userId, role }, issuedAtSeconds });
const codeOf = (refusal: ReturnType<typeof refusalOf>) => (refusal === null ? null : { status: refusal.getStatus(), code: refusal.code });

describe('refusalOf: the team directory over a valid token', () => {
  it('accepts an active member in the role the directory gives them', () => {
    expect(refusalOf(ANNA, token('rep'))).toBeNull();
  });

  it('refuses an inactive member (403 member-inactive)', () => {
    expect(codeOf(refusalOf({ ...ANNA, status: 'inactive' }, token('rep')))).toEqual({ status: 403, code: 'member-inactive' });
  });

  it('refuses a role the directory does not give the member (403 role-not-granted)', () => {
    expect(codeOf(refusalOf(ANNA, token('manager')))).toEqual({ status: 403, code: 'role-not-granted' });
  });

  it('refuses an admin claim of a member whose entry says otherwise (403 role-not-granted)', () => {
    expect(codeOf(refusalOf(ANNA, token('admin')))).toEqual({ status: 403, code: 'role-not-granted' });
  });

  it('refuses a rep token of someone the directory does not know (403 role-not-granted)', () => {
    expect(codeOf(refusalOf({ status: 'initial' }, token('rep', 0, 'stranger')))).toEqual({ status: 403, code: 'role-not-granted' });
  });

  it('refuses a manager token of someone the directory does not know (403 role-not-granted)', () => {
    expect(codeOf(refusalOf({ status: 'initial' }, token('manager', 0, 'stranger')))).toEqual({ status: 403, code: 'role-not-granted' });
  });

  it('accepts admin, auditor and analyst tokens of users outside the directory', () => {
    expect([refusalOf({ status: 'initial' }, token('admin', 0, 'demo-admin')), refusalOf({ status: 'initial' }, token('auditor', 0, 'demo-auditor')), refusalOf({ status: 'initial' }, token('analyst', 0, 'demo-analyst'))]).toEqual([null, null, null]);
  });

  it('refuses a token issued before the revocation (401 token-revoked)', () => {
    expect(codeOf(refusalOf({ ...ANNA, tokensRevokedAt: REVOKED_AT }, token('rep', REVOKED_SECOND - 1)))).toEqual({ status: 401, code: 'token-revoked' });
  });

  it('refuses a token issued in the second of the revocation, whichever side of it', () => {
    expect(codeOf(refusalOf({ ...ANNA, tokensRevokedAt: REVOKED_AT }, token('rep', REVOKED_SECOND)))).toEqual({ status: 401, code: 'token-revoked' });
  });

  it('accepts a token issued after the second of the revocation', () => {
    expect(refusalOf({ ...ANNA, tokensRevokedAt: REVOKED_AT }, token('rep', REVOKED_SECOND + 1))).toBeNull();
  });

  it('answers a revoked token of an inactive member as revoked (401: the credential itself is spent)', () => {
    expect(codeOf(refusalOf({ ...ANNA, status: 'inactive', tokensRevokedAt: REVOKED_AT }, token('rep')))).toEqual({ status: 401, code: 'token-revoked' });
  });
});
