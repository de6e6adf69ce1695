import { anOpportunity, type Answer, client, eventually } from './support/http';
import { useApiPerSuite } from './support/api-process';

/** Seeded reps (seed/crm-sales/sales_teams.csv): in the team directory on every start. */
const ANNA = 'anna-snelling';
/** Another rep of the seeded team than the one the rep token is (anna-snelling). */
const CECILY = 'cecily-lampkin';
const BORIS = 'boris-faz';
const ACCOUNT = { accountName: 'Owners and Dates Ltd' };

/** The UTC calendar day `days` from now (three days ahead stays refused even if the server's day turns over meanwhile). */
const inDays = (days: number): string => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe('Owners, assignees and business dates over HTTP (issue 12: defects 3, 7, 13)', () => {
  const suite = useApiPerSuite();
  const manager = () => client(suite.api.url, suite.api.tokens.manager);
  const rep = () => client(suite.api.url, suite.api.tokens.rep);
  const admin = () => client(suite.api.url, suite.api.tokens.admin);

  const openFor = async (ownerId: string): Promise<string> => {
    const opened = await manager().post('/opportunities', anOpportunity({ ...ACCOUNT, ownerId }));
    expect(opened.status).toBe(201);
    return opened.body.id as string;
  };
  const problem = (answer: Answer) => ({ status: answer.status, code: answer.body.code });

  describe('owners and assignees are active members of the team directory', () => {
    it('refuses to open an opportunity for someone who is not in the directory (422 not-in-team-directory)', async () => {
      const refused = await manager().post('/opportunities', anOpportunity({ ...ACCOUNT, ownerId: 'nobody-here' }));
      expect(refused.body).toMatchObject({ status: 422, code: 'not-in-team-directory', detail: expect.stringContaining('nobody-here') });
    });

    it('refuses to reassign an opportunity to someone who is not in the directory', async () => {
      const id = await openFor(ANNA);
      expect(problem(await manager().post(`/opportunities/${id}/owner`, { ownerId: 'ghost-2' }))).toEqual({ status: 422, code: 'not-in-team-directory' });
    });

    it('refuses to reassign an opportunity to a member who was deactivated (422 team-member-inactive)', async () => {
      const id = await openFor(ANNA);
      expect((await admin().post(`/team/${BORIS}/deactivate`, { reason: 'Left the company' })).status).toBe(200);
      const refused = await manager().post(`/opportunities/${id}/owner`, { ownerId: BORIS });
      expect((await admin().post(`/team/${BORIS}/reactivate`)).status).toBe(200);
      expect(problem(refused)).toEqual({ status: 422, code: 'team-member-inactive' });
    });

    it('accepts a member added a moment ago at once, as owner and as assignee (the directory is read from the log, not a view)', async () => {
      const added = await admin().post('/team', { name: 'Just Joined', role: 'rep' });
      const opened = await manager().post('/opportunities', anOpportunity({ ...ACCOUNT, ownerId: added.body.id }));
      const task = await manager().post('/tasks', { title: 'Welcome call', assigneeId: added.body.id, opportunityId: opened.body.id, dueDate: inDays(1) });
      expect([added.status, opened.status, task.status]).toEqual([201, 201, 201]);
    });

    it('refuses a task for someone who is not in the directory', async () => {
      const id = await openFor(ANNA);
      expect(problem(await manager().post('/tasks', { title: 'Call back', assigneeId: 'ghost-3', opportunityId: id, dueDate: inDays(1) }))).toEqual({
        status: 422,
        code: 'not-in-team-directory',
      });
    });

    it('refuses to reassign a task to someone who is not in the directory', async () => {
      const id = await openFor(ANNA);
      const task = await manager().post('/tasks', { title: 'Call back', assigneeId: ANNA, opportunityId: id, dueDate: inDays(1) });
      expect(problem(await manager().post(`/tasks/${task.body.id as string}/reassign`, { assigneeId: 'ghost-4' }))).toEqual({ status: 422, code: 'not-in-team-directory' });
    });

    it('refuses a next step for someone who is not in the directory', async () => {
      const id = await openFor(ANNA);
      const logged = await manager().post('/activities', {
        kind: 'call',
        direction: 'outbound',
        occurredAt: new Date().toISOString(),
        subject: 'Discovery call',
        opportunityId: id,
        nextStep: { title: 'Send pricing', dueDate: inDays(3), assigneeId: 'ghost-5' },
      });
      expect(problem(logged)).toEqual({ status: 422, code: 'not-in-team-directory' });
    });
  });

  it('a rep opening a deal for another rep is told that opening for someone else was refused (403 cannot-open-for-another-rep)', async () => {
    const refused = await rep().post('/opportunities', anOpportunity({ ...ACCOUNT, ownerId: CECILY }));
    expect(refused.body).toMatchObject({
      status: 403,
      code: 'cannot-open-for-another-rep',
      detail: expect.stringMatching(/opens opportunities only for themselves; opening one for cecily-lampkin was refused/),
    });
  });

  describe('business dates that say when something happened are never in the future', () => {
    /** An order approved by policy, from a quote on a deal of Anna's. */
    const approvedOrder = async (): Promise<string> => {
      const opportunityId = await openFor(ANNA);
      const quoteId = (await manager().post('/quotes', { opportunityId, validUntil: '2099-12-31' })).body.id as string;
      await manager().post(`/quotes/${quoteId}/lines`, { productCode: 'GTX-PRO', quantity: 1 });
      await manager().post(`/quotes/${quoteId}/submit`);
      await manager().post(`/quotes/${quoteId}/send`);
      expect((await manager().post(`/quotes/${quoteId}/accept`)).status).toBe(200);
      return eventually(async () => {
        const [order] = (await manager().get(`/orders?quoteId=${quoteId}`)).body.items as Array<{ id: string; status: string }>;
        return order?.status === 'approved' ? order.id : undefined;
      });
    };

    it('refuses an order fulfilled later than tomorrow (422 business-date-in-the-future)', async () => {
      const orderId = await approvedOrder();
      const refused = await manager().post(`/orders/${orderId}/fulfil`, { fulfilledOn: inDays(3) });
      expect(refused.body).toMatchObject({ status: 422, code: 'business-date-in-the-future', detail: expect.stringContaining('fulfilledOn') });
    });

    it("accepts an order fulfilled tomorrow in UTC: it is already today where the caller's day is ahead", async () => {
      const orderId = await approvedOrder();
      expect((await manager().post(`/orders/${orderId}/fulfil`, { fulfilledOn: inDays(1) })).status).toBe(200);
    });

    it('refuses a deal won later than tomorrow', async () => {
      const id = await openFor(ANNA);
      expect(problem(await manager().post(`/opportunities/${id}/won`, { closedOn: inDays(3) }))).toEqual({ status: 422, code: 'business-date-in-the-future' });
    });

    it('accepts a deal lost tomorrow in UTC', async () => {
      const id = await openFor(ANNA);
      expect((await manager().post(`/opportunities/${id}/lost`, { reason: 'No budget', closedOn: inDays(1) })).status).toBe(200);
    });
  });
});
