import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { type Answer, anOpportunity, client } from './support/http';
import { newDataDir, removeDataDir, ROOT, type RunningApi, SALESCTL, startApi, useApiPerSuite } from './support/api-process';

const withoutRunningDurations = (body: Answer['body']): Answer['body'] => {
  const history = body.stageHistory as Array<Record<string, unknown>>;
  return { ...body, stageHistory: history.map((step, index) => (index === history.length - 1 ? { ...step, durationMs: 'running' } : step)) };
};

/**
 * `salesctl replay --until --into` makes a data folder holding the log as it stood at an instant and
 * every read model built from it; an API started on it answers as the live one did then, read-only.
 */
describe('salesctl replay', () => {
  const live = useApiPerSuite();
  const replicaDir = join(newDataDir(), 'replica');
  let replica: RunningApi;
  const then = {} as { instant: string; dealId: string; laterId: string; pipeline: Answer['body']; deal: Answer['body']; list: Answer['body']; account: Answer['body']; events: number };
  let replay: ReturnType<typeof spawnSync>;

  beforeAll(async () => {
    const rep = client(live.api.url, live.api.tokens.rep);
    const auditor = client(live.api.url, live.api.tokens.auditor);
    const opened = await rep.post('/opportunities', anOpportunity({ title: 'Kept in the replica' }));
    then.dealId = opened.body.id as string;
    const moved = await rep.post(`/opportunities/${then.dealId}/stage`, { stage: 'proposal' });
    const wait = `minPosition=${moved.body.position as string}`;
    then.pipeline = (await auditor.get(`/pipeline?${wait}`)).body;
    then.deal = (await auditor.get(`/opportunities/${then.dealId}?${wait}`)).body;
    then.list = (await auditor.get(`/opportunities?${wait}`)).body;
    then.events = ((await auditor.get(`/streams/opportunity-${then.dealId}`)).body.events as unknown[]).length;
    const accountId = (await auditor.get(`/opportunities/${then.dealId}?${wait}`)).body.accountId as string;
    const contact = await rep.post(`/accounts/${accountId}/contacts`, { fullName: 'Kari Nordmann', email: 'kari@example.test' });
    then.account = (await auditor.get(`/accounts/${accountId}?minPosition=${contact.body.position as string}`)).body;
    then.instant = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 5));
    // After the instant: none of this may be in the replica.
    then.laterId = (await rep.post('/opportunities', anOpportunity({ title: 'Opened after the instant' }))).body.id as string;
    await rep.post(`/opportunities/${then.dealId}/won`, {});
    // The live API keeps running: the replay reads a consistent snapshot.
    replay = spawnSync(process.execPath, [SALESCTL, 'replay', '--until', then.instant, '--into', replicaDir], {
      cwd: ROOT,
      env: { ...process.env, DATA_DIR: live.dataDir, EVENTSTORE_URL: '', MONGODB_URL: '' },
      encoding: 'utf8',
    });
    replica = await startApi(replicaDir);
  });

  afterAll(async () => {
    await replica?.stop();
    removeDataDir(join(replicaDir, '..'));
  });

  const read = (path: string) => client(replica.url, replica.tokens.auditor).get(path);

  it('reports what it kept and how to serve it', () => {
    expect(replay.status).toBe(0);
    expect(replay.stdout).toMatch(/Replayed \d+ events \(up to position \d+, recorded by .*\) into .*replica/);
  });

  it('says in its banner that it is a read-only replica of that instant', () => {
    expect(replica.output()).toContain(`as it stood at ${then.instant}`);
  });

  it('answers the pipeline as the live API did at the instant', async () => {
    expect((await read('/pipeline')).body).toEqual(then.pipeline);
  });

  it('answers an opportunity as the live API did at the instant (not yet won)', async () => {
    expect(withoutRunningDurations((await read(`/opportunities/${then.dealId}`)).body)).toEqual(withoutRunningDurations(then.deal));
  });

  it('lists the opportunities the live API listed at the instant', async () => {
    expect((await read('/opportunities')).body).toEqual(then.list);
  });

  it("answers an account with its contacts' personal data, read with the replica's copy of the keys", async () => {
    const account = (await read(`/accounts/${then.account.id as string}`)).body;
    expect(account).toEqual(then.account);
    expect(JSON.stringify(account)).toContain('Kari Nordmann');
  });

  it('holds no event recorded after the instant', async () => {
    expect(((await read(`/streams/opportunity-${then.dealId}`)).body.events as unknown[]).length).toBe(then.events);
    expect((await read(`/opportunities/${then.laterId}`)).status).toBe(404);
  });

  it('refuses every change (403 read-only-replica)', async () => {
    const refused = await client(replica.url, replica.tokens.admin).post('/opportunities', anOpportunity());
    expect({ status: refused.status, code: refused.body.code }).toEqual({ status: 403, code: 'read-only-replica' });
  });

  it('accepts the tokens of the live API (the same key), so an auditor reads both', async () => {
    expect((await client(replica.url, live.api.tokens.auditor).get('/pipeline')).status).toBe(200);
  });

  it('refuses to write over a folder that is not empty', () => {
    const again = spawnSync(process.execPath, [SALESCTL, 'replay', '--until', then.instant, '--into', replicaDir], {
      cwd: ROOT,
      env: { ...process.env, DATA_DIR: live.dataDir, EVENTSTORE_URL: '' },
      encoding: 'utf8',
    });
    expect({ status: again.status, stderr: again.stderr }).toEqual({ status: 1, stderr: expect.stringMatching(/is not empty/) });
  });
});
