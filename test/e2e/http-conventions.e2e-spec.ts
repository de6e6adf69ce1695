import { issueToken } from '@ledger/platform';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { anOpportunity, client } from './support/http';
import { useApiPerSuite } from './support/api-process';

describe('HTTP conventions: conditional commands, validation, idempotency, auth', () => {
  const suite = useApiPerSuite();
  const streamLength = async (id: string): Promise<number> =>
    ((await client(suite.api.url, suite.api.tokens.auditor).get(`/streams/opportunity-${id}`)).body.events as unknown[]).length;


  it('answers a stale If-Match with 412 problem+json and appends nothing', async () => {
    const rep = client(suite.api.url, suite.api.tokens.rep);
    const id = (await rep.post('/opportunities', anOpportunity())).body.id as string;
    await rep.post(`/opportunities/${id}/stage`, { stage: 'qualification' });
    const stale = await rep.post(`/opportunities/${id}/stage`, { stage: 'proposal' }, { 'if-match': '"0"' });
    expect(stale.status).toBe(412);
    expect(stale.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(stale.body).toMatchObject({ code: 'stale-revision', status: 412, currentRevision: 1 });
    expect(stale.headers.get('etag')).toBe('"1"');
    expect(await streamLength(id)).toBe(2);
  });

  it('refuses unknown fields and invalid values with 400 and a list of errors, appending nothing', async () => {
    const rep = client(suite.api.url, suite.api.tokens.rep);
    const id = (await rep.post('/opportunities', anOpportunity())).body.id as string;
    const unknown = await rep.post(`/opportunities/${id}/stage`, { stage: 'proposal', colour: 'red' });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ code: 'validation-failed', errors: [{ field: 'colour' }] });
    const invalid = await rep.post('/opportunities', anOpportunity({ amount: { amountMinor: 12.5, currency: 'usd' }, expectedCloseDate: '2027-02-30' }));
    expect(invalid.status).toBe(400);
    expect((invalid.body.errors as Array<{ field: string }>).map((e) => e.field).sort()).toEqual([
      'amount.amountMinor',
      'amount.currency',
      'expectedCloseDate',
    ]);
    const malformed = await rep.post(`/opportunities/${id}/stage`, '{"stage":');
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await streamLength(id)).toBe(1);
  });

  it('answers a refused business rule with 422 and its code, an unknown record with 404', async () => {
    const rep = client(suite.api.url, suite.api.tokens.rep);
    const id = (await rep.post('/opportunities', anOpportunity({ amount: undefined }))).body.id as string;
    expect((await rep.post(`/opportunities/${id}/won`, {})).body).toMatchObject({ status: 422, code: 'won-requires-positive-amount' });
    const missing = await rep.post('/opportunities/7d0f1b8e-4a7c-4c8e-9d55-1f0a2b3c4d5e/won', {});
    expect(missing.body).toMatchObject({ status: 404, code: 'opportunity-not-found' });
    expect((await rep.post('/opportunities/not-a-uuid/won', {})).body).toMatchObject({ status: 400, code: 'invalid-id' });
  });

  it('marks every concurrent retry of one request as replayed, all but the one that wrote', async () => {
    const rep = client(suite.api.url, suite.api.tokens.rep);
    const key = { 'idempotency-key': 'concurrent-open-1' };
    const answers = await Promise.all(Array.from({ length: 100 }, () => rep.post('/opportunities', anOpportunity({ title: 'Raced open' }), key)));
    const id = answers[0].body.id as string;
    expect({
      statuses: [...new Set(answers.map((answer) => answer.status))],
      ids: [...new Set(answers.map((answer) => answer.body.id))],
      replayed: answers.filter((answer) => answer.headers.get('idempotent-replayed') === 'true').length,
      events: await streamLength(id),
    }).toEqual({ statuses: [201], ids: [id], replayed: 99, events: 1 });
  });

  it('returns the first answer for a repeated Idempotency-Key and appends nothing new', async () => {
    const rep = client(suite.api.url, suite.api.tokens.rep);
    const key = { 'idempotency-key': 'create-fleet-renewal-1' };
    const first = await rep.post('/opportunities', anOpportunity(), key);
    const again = await rep.post('/opportunities', anOpportunity(), key);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const id = first.body.id as string;

    const stageKey = { 'idempotency-key': 'stage-to-proposal-1' };
    const moved = await rep.post(`/opportunities/${id}/stage`, { stage: 'proposal' }, stageKey);
    await rep.post(`/opportunities/${id}/stage`, { stage: 'negotiation' });
    const retried = await rep.post(`/opportunities/${id}/stage`, { stage: 'proposal' }, stageKey);
    expect(retried.status).toBe(200);
    expect(retried.body).toEqual(moved.body);
    expect(await streamLength(id)).toBe(3);

    // The same request with its fields in another order is the same request...
    const reordered = Object.fromEntries(Object.entries(anOpportunity()).reverse());
    expect((await rep.post('/opportunities', reordered, key)).body).toEqual(first.body);
    // ...but the key with a different request is refused, and nothing is appended.
    const reused = await rep.post('/opportunities', anOpportunity({ title: 'Something else' }), key);
    expect(reused.body).toMatchObject({ status: 422, code: 'idempotency-key-reused' });
    const stageReused = await rep.post(`/opportunities/${id}/stage`, { stage: 'qualification', reason: 'x' }, stageKey);
    expect(stageReused.body).toMatchObject({ status: 422, code: 'idempotency-key-reused' });
    expect(await streamLength(id)).toBe(3);

    // The key belongs to its user: another user's identical key is a different command.
    const other = await client(suite.api.url, suite.api.tokens.manager).post('/opportunities', anOpportunity(), key);
    expect(other.body.id).not.toBe(id);
  });

  it('requires a valid, unexpired HS256 token, and keeps auditors and analysts from sending commands', async () => {
    const body = anOpportunity();
    expect((await client(suite.api.url, undefined).post('/opportunities', body)).status).toBe(401);
    expect((await client(suite.api.url, 'not-a-jwt').post('/opportunities', body)).status).toBe(401);
    const secret = readFileSync(join(suite.dataDir, 'jwt-secret'), 'utf8');
    const forged = issueToken('another-secret-that-is-long-enough-123', { userId: 'x', role: 'admin' }, 600);
    expect((await client(suite.api.url, forged).post('/opportunities', body)).status).toBe(401);
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const claims = Buffer.from(JSON.stringify({ sub: 'x', role: 'admin', exp: Math.floor(Date.now() / 1000) + 600 })).toString('base64url');
    expect((await client(suite.api.url, `${header}.${claims}.`).post('/opportunities', body)).status).toBe(401);
    const expired = issueToken(secret, { userId: 'x', role: 'admin' }, -10);
    const refused = await client(suite.api.url, expired).post('/opportunities', body);
    expect(refused.status).toBe(401);
    expect(refused.body).toMatchObject({ code: 'unauthenticated' });
    for (const role of ['auditor', 'analyst']) {
      const answer = await client(suite.api.url, suite.api.tokens[role]).post('/opportunities', body);
      expect(answer.body).toMatchObject({ status: 403, code: 'forbidden' });
    }
    expect((await client(suite.api.url, suite.api.tokens.rep).get('/streams/opportunity-00000000-0000-4000-8000-000000000000')).status).toBe(403);
  });
});
