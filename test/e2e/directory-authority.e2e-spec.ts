import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Role } from '@ledger/event-sourcing';
import { issueToken } from '@ledger/platform';
import { anOpportunity, client } from './support/http';
import { useApiPerSuite } from './support/api-process';

const DUSTIN = 'dustin-brinkmann'; // a manager of the seeded team (seed/crm-sales/sales_teams.csv)
const ANNA = 'anna-snelling'; // one of his reps

/** The team directory, not the token alone, says who may act: deactivated members, roles it does not grant, revoked tokens. */
describe('The team directory is the authority over tokens', () => {
  const suite = useApiPerSuite();
  const tokenFor = (userId: string, role: Role): string =>
    issueToken(readFileSync(join(suite.dataDir, 'jwt-secret'), 'utf8'), { userId, role }, 600);
  const as = (userId: string, role: Role) => client(suite.api.url, tokenFor(userId, role));
  const admin = () => client(suite.api.url, suite.api.tokens.admin);
  const problem = (answer: { status: number; body: Record<string, unknown> }) => ({ status: answer.status, code: answer.body.code });
  const addRep = async (userId: string): Promise<void> => {
    const added = await admin().post('/team', { userId, name: userId, role: 'rep', managerId: DUSTIN });
    expect(added.status).toBe(201);
  };

  it('refuses a deactivated member at once, commands and reads (403 member-inactive)', async () => {
    await addRep('leaving-rep');
    const rep = as('leaving-rep', 'rep');
    expect((await rep.post('/opportunities', anOpportunity())).status).toBe(201);
    expect((await admin().post('/team/leaving-rep/deactivate', { reason: 'Left the company' })).status).toBe(200);
    expect(problem(await rep.post('/opportunities', anOpportunity()))).toEqual({ status: 403, code: 'member-inactive' });
    expect(problem(await rep.get('/opportunities'))).toEqual({ status: 403, code: 'member-inactive' });
  });

  it('accepts a reactivated member again', async () => {
    await addRep('returning-rep');
    expect((await admin().post('/team/returning-rep/deactivate', { reason: 'Sabbatical' })).status).toBe(200);
    expect((await admin().post('/team/returning-rep/reactivate')).status).toBe(200);
    expect((await as('returning-rep', 'rep').post('/opportunities', anOpportunity())).status).toBe(201);
  });

  it('refuses a manager token minted for a member who is a rep in the directory (403 role-not-granted)', async () => {
    expect(problem(await as(ANNA, 'manager').get('/approvals'))).toEqual({ status: 403, code: 'role-not-granted' });
  });

  it('refuses an admin token minted for a member of the directory with another role (403 role-not-granted)', async () => {
    expect(problem(await as(DUSTIN, 'admin').post('/team', { name: 'Mallory', role: 'manager' }))).toEqual({ status: 403, code: 'role-not-granted' });
  });

  it('refuses a rep or manager token for someone the directory does not know (403 role-not-granted)', async () => {
    expect(problem(await as('nobody-we-know', 'manager').get('/opportunities'))).toEqual({ status: 403, code: 'role-not-granted' });
  });

  it('follows a role change in the directory at once', async () => {
    await addRep('promoted-rep');
    expect((await admin().post('/team/promoted-rep/role', { role: 'manager' })).status).toBe(200);
    expect(problem(await as('promoted-rep', 'rep').get('/opportunities'))).toEqual({ status: 403, code: 'role-not-granted' });
    expect((await as('promoted-rep', 'manager').get('/opportunities')).status).toBe(200);
  });

  it('accepts admin, auditor and analyst tokens of users outside the sales directory (the demo users)', async () => {
    expect((await client(suite.api.url, suite.api.tokens.auditor).get('/opportunities')).status).toBe(200);
    expect((await client(suite.api.url, suite.api.tokens.analyst).get('/opportunities')).status).toBe(200);
  });

  it("revokes a member's tokens issued before the revocation (401 token-revoked); a token issued after works", async () => {
    await addRep('lost-laptop-rep');
    const before = tokenFor('lost-laptop-rep', 'rep');
    expect((await client(suite.api.url, before).get('/opportunities')).status).toBe(200);
    const revoked = await admin().post('/team/lost-laptop-rep/revoke-tokens');
    expect(revoked.status).toBe(200);
    expect(problem(await client(suite.api.url, before).get('/opportunities'))).toEqual({ status: 401, code: 'token-revoked' });
    await new Promise((resolve) => setTimeout(resolve, 1_100)); // a token's iat counts whole seconds
    expect((await as('lost-laptop-rep', 'rep').get('/opportunities')).status).toBe(200);
  });

  it('lets only admins revoke tokens (403 forbidden)', async () => {
    expect(problem(await as(DUSTIN, 'manager').post(`/team/${ANNA}/revoke-tokens`))).toEqual({ status: 403, code: 'forbidden' });
  });

  it('answers 404 team-member-not-found for revoking the tokens of someone not in the directory', async () => {
    expect(problem(await admin().post('/team/nobody-we-know/revoke-tokens'))).toEqual({ status: 404, code: 'team-member-not-found' });
  });
});
