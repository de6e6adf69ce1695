import { spawnSync } from 'node:child_process';
import { newDataDir, removeDataDir, type RunningApi, SALESCTL, startApi, waitUntilCaughtUp } from './support/api-process';
import { anOpportunity, client, eventually } from './support/http';

type Parked = { type: string; streamName: string; error: string; attempts: number; parkedAt: string };
const PROCESS = 'order-approved-to-won';

/**
 * An order approved by a manager after its opportunity was marked lost: the process manager that
 * wins the opportunity is refused (it is closed) and parks the event. Reopening the opportunity is
 * the fix; `salesctl projections retry` then wins it.
 */
describe('salesctl projections retry', () => {
  const suite = {} as { api: RunningApi; dataDir: string; opportunityId: string };
  const as = (role: string) => client(suite.api.url, suite.api.tokens[role]);
  const salesctl = (...args: string[]) => {
    const run = spawnSync(process.execPath, [SALESCTL, ...args, '--url', suite.api.url], {
      env: { ...process.env, DATA_DIR: suite.dataDir, EVENTSTORE_URL: '', MONGODB_URL: '' },
    });
    return { status: run.status, stdout: run.stdout.toString(), stderr: run.stderr.toString() };
  };
  const parked = async (): Promise<Parked[]> => {
    await waitUntilCaughtUp(suite.api);
    const status = await as('admin').get('/projections');
    return (status.body.projections as Array<{ name: string; parked: Parked[] }>).find((projection) => projection.name === PROCESS)!.parked;
  };

  beforeAll(async () => {
    suite.dataDir = newDataDir();
    // Every order needs a manager's approval, so that the deal can be lost before it is approved.
    suite.api = await startApi(suite.dataDir, { APPROVAL_MAX_ORDER_TOTAL_MINOR: '1' });
    await waitUntilCaughtUp(suite.api);
    const rep = as('rep');
    suite.opportunityId = (await rep.post('/opportunities', anOpportunity())).body.id as string;
    const quoteId = (await rep.post('/quotes', { opportunityId: suite.opportunityId, validUntil: '2099-12-31' })).body.id as string;
    await rep.post(`/quotes/${quoteId}/lines`, { productCode: 'GTX-PRO', quantity: 1 });
    await rep.post(`/quotes/${quoteId}/submit`);
    await rep.post(`/quotes/${quoteId}/send`);
    await rep.post(`/quotes/${quoteId}/accept`);
    const orderId = await eventually(async () => ((await rep.get(`/orders?quoteId=${quoteId}`)).body.items as Array<{ id: string }>)[0]?.id);
    await rep.post(`/opportunities/${suite.opportunityId}/lost`, { reason: 'budget cut' });
    await as('manager').post(`/orders/${orderId}/approve`);
  });
  afterAll(async () => {
    await suite.api?.stop();
    removeDataDir(suite.dataDir);
  });

  it('GET /projections shows why the process manager parked the event', async () => {
    expect(await parked()).toEqual([expect.objectContaining({ type: 'OrderApproved', error: expect.stringContaining('closed'), attempts: expect.any(Number), parkedAt: expect.any(String) })]);
  });

  it('keeps the event parked, and says why, while the refusal stands (exit code 2)', async () => {
    const run = salesctl('projections', 'retry', PROCESS);
    expect(run.status).toBe(2);
    expect(run.stdout).toContain(`${PROCESS}: 1 parked event(s) retried, 0 applied, 1 still parked`);
    expect(run.stdout).toMatch(/OrderApproved order-\S+ .*closed/);
  });

  it('after the fix, runs the event again: the opportunity is won and nothing is parked', async () => {
    expect((await as('rep').post(`/opportunities/${suite.opportunityId}/reopen`, { reason: 'they found the budget' })).status).toBe(200);
    const run = salesctl('projections', 'retry', PROCESS);
    expect(run.stdout).toContain(`${PROCESS}: 1 parked event(s) retried, 1 applied, 0 still parked`);
    expect(run.status).toBe(0);
    expect(await parked()).toEqual([]);
    expect((await as('rep').get(`/opportunities/${suite.opportunityId}`)).body.status).toBe('won');
  });

  it("refuses a projection's name, naming the rebuild that applies its parked events again", () => {
    const run = salesctl('projections', 'retry', 'timeline');
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('salesctl rebuild timeline');
  });

  it('refuses a name it does not know, listing the known ones', () => {
    const run = salesctl('projections', 'retry', 'no-such-thing');
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(PROCESS);
  });
});
