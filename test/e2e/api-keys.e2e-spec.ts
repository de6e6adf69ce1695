import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { anOpportunity, type Answer, client, eventually, type StreamEvent } from './support/http';
import { newDataDir, removeDataDir, type RunningApi, SALESCTL, startApi, useApiPerSuite, waitUntilCaughtUp } from './support/api-process';

type Issued = { id: string; name: string; roles: string[]; secret: string; header: string };

/** A client that sends `Authorization: <header>` (an API key) instead of a bearer token. */
const keyClient = (url: string, header: string) => {
  const api = client(url, undefined);
  const auth = { authorization: header };
  return {
    get: (path: string) => api.get(path, auth),
    post: (path: string, body: unknown = {}) => api.post(path, body, auth),
  };
};

const problem = (answer: Answer) => ({ status: answer.status, code: answer.body.code });

/** Every byte the API wrote under its data folder (the event store, the read store, their WAL files). */
const everythingStoredIn = (dir: string): string =>
  readdirSync(dir)
    .map((name) => join(dir, name))
    .map((path) => (statSync(path).isDirectory() ? everythingStoredIn(path) : readFileSync(path).toString('latin1')))
    .join('\n');

describe('API keys for machine clients', () => {
  const suite = useApiPerSuite();
  const admin = () => client(suite.api.url, suite.api.tokens.admin);
  const issue = async (name: string, roles: string[]): Promise<Issued> => {
    const created = await admin().post('/api-keys', { name, roles });
    expect(created.status).toBe(201);
    return created.body as unknown as Issued;
  };

  it('are issued by an admin: 201 with the secret, shown once, and the header to send', async () => {
    const created = await admin().post('/api-keys', { name: 'CRM nightly import', roles: ['admin'] });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'CRM nightly import', roles: ['admin'], secret: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) });
    expect(created.body.header).toBe(`ApiKey ${created.body.id as string}.${created.body.secret as string}`);
    expect(created.headers.get('location')).toBe(`/api-keys/${created.body.id as string}`);
    expect(created.headers.get('cache-control')).toBe('no-store');
  });

  it('write with the key as its own principal: the event names the key as actor', async () => {
    const key = await issue('Deal importer', ['admin']);
    const opened = await keyClient(suite.api.url, key.header).post('/opportunities', anOpportunity());
    expect(opened.status).toBe(201);
    const stream = await admin().get(`/streams/opportunity-${opened.body.id as string}`);
    expect((stream.body.events as StreamEvent[])[0].metadata.actor).toEqual({ userId: `api-key:${key.id}`, role: 'admin' });
  });

  it('never show the secret again: not in the list, not in the record, not in the stream, not in any stored file nor the log', async () => {
    const key = await issue('Secret keeper', ['auditor']);
    expect((await keyClient(suite.api.url, key.header).get('/opportunities')).status).toBe(200);
    await waitUntilCaughtUp(suite.api);
    const answers = [await admin().get('/api-keys'), await admin().get(`/api-keys/${key.id}`), await admin().get(`/streams/apikey-${key.id}`)];
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200]);
    expect(answers.map((answer) => JSON.stringify(answer.body).includes(key.secret))).toEqual([false, false, false]);
    expect(everythingStoredIn(suite.dataDir).includes(key.secret)).toBe(false);
    expect(suite.api.output().includes(key.secret)).toBe(false);
  });

  it('list and show keys without their secret or its hash, with the ETag of the record', async () => {
    const key = await issue('Listed key', ['analyst']);
    await waitUntilCaughtUp(suite.api);
    const one = await admin().get(`/api-keys/${key.id}`);
    expect(one.body).toEqual({
      id: key.id,
      name: 'Listed key',
      roles: ['analyst'],
      issuedAt: expect.any(String),
      issuedBy: 'demo-admin',
      revokedAt: null,
      revokedBy: null,
      revokedReason: null,
      lastUsedAt: null,
      revision: 0,
    });
    expect(one.headers.get('etag')).toBe('"0"');
    const listed = await admin().get('/api-keys?limit=200');
    expect((listed.body.items as { id: string }[]).some((item) => item.id === key.id)).toBe(true);
  });

  it('show when a key was last used', async () => {
    const key = await issue('Used key', ['analyst']);
    expect((await keyClient(suite.api.url, key.header).get('/opportunities')).status).toBe(200);
    await waitUntilCaughtUp(suite.api);
    const lastUsedAt = await eventually(async () => {
      const answer = await admin().get(`/api-keys/${key.id}`);
      return typeof answer.body.lastUsedAt === 'string' ? answer.body.lastUsedAt : undefined;
    });
    expect(Date.parse(lastUsedAt)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('refuse a revoked key at once (401 api-key-revoked)', async () => {
    const key = await issue('Leaked key', ['admin']);
    const holder = keyClient(suite.api.url, key.header);
    expect((await holder.get('/opportunities')).status).toBe(200);
    expect((await admin().post(`/api-keys/${key.id}/revoke`, { reason: 'Leaked in a build log' })).status).toBe(200);
    expect(problem(await holder.get('/opportunities'))).toEqual({ status: 401, code: 'api-key-revoked' });
    expect(problem(await holder.post('/opportunities', anOpportunity()))).toEqual({ status: 401, code: 'api-key-revoked' });
  });

  it('show a revoked key as revoked, with the reason', async () => {
    const key = await issue('Retired key', ['admin']);
    const revoked = await admin().post(`/api-keys/${key.id}/revoke`, { reason: 'Retired' });
    const shown = await admin().get(`/api-keys/${key.id}?minPosition=${revoked.body.position as string}`);
    expect(shown.body).toMatchObject({ revokedAt: expect.any(String), revokedBy: 'demo-admin', revokedReason: 'Retired', revision: 1 });
  });

  it('refuse a wrong secret and an unknown key alike (401 invalid-api-key)', async () => {
    const key = await issue('Guessed key', ['admin']);
    const wrongSecret = `ApiKey ${key.id}.${'A'.repeat(43)}`;
    const unknownKey = `ApiKey 00000000-0000-4000-8000-000000000000.${key.secret}`;
    expect(problem(await keyClient(suite.api.url, wrongSecret).get('/opportunities'))).toEqual({ status: 401, code: 'invalid-api-key' });
    expect(problem(await keyClient(suite.api.url, unknownKey).get('/opportunities'))).toEqual({ status: 401, code: 'invalid-api-key' });
    expect(problem(await keyClient(suite.api.url, 'ApiKey not-a-key').get('/opportunities'))).toEqual({ status: 401, code: 'invalid-api-key' });
  });

  it('are issued by admins only (403 for anyone else)', async () => {
    const answers = await Promise.all(['rep', 'manager', 'auditor', 'analyst'].map((role) => client(suite.api.url, suite.api.tokens[role]).post('/api-keys', { name: 'Mine', roles: ['analyst'] })));
    expect(answers.map((answer) => answer.status)).toEqual([403, 403, 403, 403]);
  });

  it('cannot issue keys with a key that is not admin, nor list them', async () => {
    const key = await issue('Reporting', ['analyst']);
    const holder = keyClient(suite.api.url, key.header);
    expect([(await holder.post('/api-keys', { name: 'Escalation', roles: ['admin'] })).status, (await holder.get('/api-keys')).status]).toEqual([403, 403]);
  });

  it('keep a key to its roles: an analyst key reads but cannot write (403)', async () => {
    const key = await issue('Dashboard feed', ['analyst']);
    const holder = keyClient(suite.api.url, key.header);
    expect((await holder.get('/pipeline')).status).toBe(200);
    expect((await holder.post('/opportunities', anOpportunity())).status).toBe(403);
  });

  it('refuse a key with the rep or manager role (422 api-key-role-not-allowed)', async () => {
    expect(problem(await admin().post('/api-keys', { name: 'Rep bot', roles: ['rep'] }))).toEqual({ status: 422, code: 'api-key-role-not-allowed' });
    expect(problem(await admin().post('/api-keys', { name: 'Boss bot', roles: ['analyst', 'manager'] }))).toEqual({ status: 422, code: 'api-key-role-not-allowed' });
  });

  it('refuse a key without roles, or with an unknown one (400)', async () => {
    expect((await admin().post('/api-keys', { name: 'No roles', roles: [] })).status).toBe(400);
    expect((await admin().post('/api-keys', { name: 'Root', roles: ['root'] })).status).toBe(400);
  });

  it('refuse a retried creation: the secret is shown only once (409 api-key-secret-shown-once)', async () => {
    const headers = { 'idempotency-key': 'create-key-once' };
    expect((await admin().post('/api-keys', { name: 'Retried', roles: ['admin'] }, headers)).status).toBe(201);
    expect(problem(await admin().post('/api-keys', { name: 'Retried', roles: ['admin'] }, headers))).toEqual({ status: 409, code: 'api-key-secret-shown-once' });
  });
});

describe('salesctl api-keys', () => {
  const suite = useApiPerSuite();
  const salesctl = (...args: string[]) => {
    const run = spawnSync(process.execPath, [SALESCTL, 'api-keys', ...args, '--url', suite.api.url], {
      env: { ...process.env, DATA_DIR: suite.dataDir, EVENTSTORE_URL: '', MONGODB_URL: '' },
    });
    return { status: run.status, stdout: run.stdout.toString(), stderr: run.stderr.toString() };
  };

  it('creates a key and prints the header to send, which works', async () => {
    const run = salesctl('create', '--name', 'Nightly deal import', '--roles', 'admin,analyst');
    expect(run.status).toBe(0);
    const header = /^Authorization: (ApiKey \S+)$/m.exec(run.stdout)![1];
    expect((await keyClient(suite.api.url, header).post('/opportunities', anOpportunity())).status).toBe(201);
  });

  it('lists keys with their last use, and revokes one', async () => {
    const created = salesctl('create', '--name', 'Old integration', '--roles', 'auditor');
    const id = created.stdout.split(' ')[0];
    await waitUntilCaughtUp(suite.api);
    expect(salesctl('list').stdout).toMatch(new RegExp(`^${id} Old integration \\(auditor\\) issued \\S+ by salesctl; last used never$`, 'm'));
    const revoked = salesctl('revoke', id, '--reason', 'Replaced');
    expect([revoked.status, revoked.stdout]).toEqual([0, `${id} revoked\n`]);
    await waitUntilCaughtUp(suite.api);
    expect(salesctl('list').stdout).toMatch(new RegExp(`^${id} .*; revoked \\S+$`, 'm'));
  });

  it('says why the API refused (a rep role) and exits non-zero', () => {
    const run = salesctl('create', '--name', 'Rep bot', '--roles', 'rep');
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('api-key-role-not-allowed');
  });
});

describe('API keys and the rate limit', () => {
  const apis = {} as { api: RunningApi; dir: string };
  beforeAll(async () => {
    apis.dir = newDataDir();
    apis.api = await startApi(apis.dir, { RATE_LIMIT_PER_MINUTE: '3' });
  });
  afterAll(async () => {
    await apis.api?.stop();
    removeDataDir(apis.dir);
  });

  it('count each key on its own (429 for the key over its limit, another key unaffected)', async () => {
    const admin = client(apis.api.url, apis.api.tokens.admin);
    const first = (await admin.post('/api-keys', { name: 'Busy', roles: ['analyst'] })).body as unknown as Issued;
    const second = (await admin.post('/api-keys', { name: 'Quiet', roles: ['analyst'] })).body as unknown as Issued;
    const busy = keyClient(apis.api.url, first.header);
    const statuses = [(await busy.get('/opportunities')).status, (await busy.get('/opportunities')).status, (await busy.get('/opportunities')).status, (await busy.get('/opportunities')).status];
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect((await keyClient(apis.api.url, second.header).get('/opportunities')).status).toBe(200);
  });
});
