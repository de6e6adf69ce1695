import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Role } from '@ledger/event-sourcing';
import { issueToken } from '@ledger/platform';
import { SqliteReadStore } from '@ledger/read-store';
import { ORDER_VIEWS, QUOTE_VIEWS } from '@ledger/sales';
import { anOpportunity, client, eventually } from './support/http';
import { newDataDir, removeDataDir, ROOT, SALESCTL, useApiPerSuite } from './support/api-process';

// The seeded team (seed/crm-sales/sales_teams.csv): the banner's rep is anna-snelling, on dustin-brinkmann's team.
const MELVIN = 'melvin-marxen'; // a manager of another team
const CECILY = 'cecily-lampkin'; // another rep of dustin-brinkmann's team

type Records = { opportunityId: string; quoteId: string; orderId: string; taskId: string; activityId: string };
type Client = ReturnType<typeof client>;

/**
 * A quote of the deal taken to accepted, and the order the process places for it. A large one
 * (above the approval limits) is approved by the manager first, and its order waits for approval,
 * so the deal stays open.
 */
async function acceptedQuote(rep: Client, opportunityId: string, large?: { manager: Client }): Promise<{ quoteId: string; orderId: string }> {
  const quoteId = (await rep.post('/quotes', { opportunityId, validUntil: '2099-12-31' })).body.id as string;
  expect((await rep.post(`/quotes/${quoteId}/lines`, { productCode: 'GTX-PRO', quantity: large ? 60 : 1 })).status).toBe(201);
  expect((await rep.post(`/quotes/${quoteId}/submit`)).status).toBe(200);
  if (large) expect((await large.manager.post(`/quotes/${quoteId}/approve`)).status).toBe(200);
  expect((await rep.post(`/quotes/${quoteId}/send`)).status).toBe(200);
  const accepted = await rep.post(`/quotes/${quoteId}/accept`);
  const order = await eventually(async () => {
    const [placed] = (await rep.get(`/orders?quoteId=${quoteId}&minPosition=${accepted.body.position as string}`)).body.items as Array<{ id: string }>;
    return placed;
  });
  return { quoteId, orderId: order.id };
}

/** The quote and order views of some opportunities as a read-model file holds them. */
async function quoteAndOrderViewsIn(dataDir: string, opportunityIds: readonly string[]) {
  const store = new SqliteReadStore(join(dataDir, 'read-models.db'));
  try {
    const filter = { opportunityId: { $in: [...opportunityIds] } };
    return { quotes: await store.find(QUOTE_VIEWS, filter, { sort: { _id: 1 } }), orders: await store.find(ORDER_VIEWS, filter, { sort: { _id: 1 } }) };
  } finally {
    await store.close();
  }
}

/** The same log in another folder, its quote and order views rebuilt from scratch by `salesctl rebuild`. */
function rebuiltCopyOf(dataDir: string): string {
  const copy = newDataDir();
  for (const file of ['events.db', 'events.db-wal', 'keys.db', 'keys.db-wal', 'jwt-secret']) {
    if (existsSync(join(dataDir, file))) copyFileSync(join(dataDir, file), join(copy, file));
  }
  execFileSync(process.execPath, [SALESCTL, 'rebuild', 'quote-views', 'order-views'], { cwd: ROOT, env: { ...process.env, DATA_DIR: copy, EVENTSTORE_URL: '' }, stdio: 'pipe' });
  return copy;
}

/** Reads follow the rules of writes: a rep reads their own records, a manager their team's, auditors everything. */
describe('Reads are scoped by record', () => {
  const suite = useApiPerSuite();
  const tokenFor = (userId: string, role: Role): string =>
    issueToken(readFileSync(join(suite.dataDir, 'jwt-secret'), 'utf8'), { userId, role }, 600);
  const as = (role: string) => client(suite.api.url, suite.api.tokens[role]);
  const outsideManager = () => client(suite.api.url, tokenFor(MELVIN, 'manager'));
  const otherRep = () => client(suite.api.url, tokenFor(CECILY, 'rep'));
  const problem = (answer: { status: number; body: Record<string, unknown> }) => ({ status: answer.status, code: answer.body.code });
  const records = {} as Records;

  beforeAll(async () => {
    const rep = as('rep');
    records.opportunityId = (await rep.post('/opportunities', anOpportunity())).body.id as string;
    const quoteId = (await rep.post('/quotes', { opportunityId: records.opportunityId, validUntil: '2099-12-31' })).body.id as string;
    expect((await rep.post(`/quotes/${quoteId}/lines`, { productCode: 'GTX-PRO', quantity: 1 })).status).toBe(201);
    expect((await rep.post(`/quotes/${quoteId}/submit`)).status).toBe(200);
    expect((await rep.post(`/quotes/${quoteId}/send`)).status).toBe(200);
    expect((await rep.post(`/quotes/${quoteId}/accept`)).status).toBe(200);
    records.quoteId = quoteId;
    records.taskId = (await rep.post('/tasks', { title: 'Call back', opportunityId: records.opportunityId, dueDate: '2099-01-01' })).body.id as string;
    const activity = await rep.post('/activities', { kind: 'note', occurredAt: new Date().toISOString(), subject: 'Budget confirmed', opportunityId: records.opportunityId });
    records.activityId = activity.body.id as string;
    records.orderId = await eventually(async () => {
      const [order] = (await rep.get(`/orders?quoteId=${quoteId}&minPosition=${activity.body.position as string}`)).body.items as Array<{ id: string }>;
      return order?.id;
    });
  });

  it('refuses a manager outside the team the opportunity (403 outside-your-team)', async () => {
    expect(problem(await outsideManager().get(`/opportunities/${records.opportunityId}`))).toEqual({ status: 403, code: 'outside-your-team' });
  });

  it("refuses a manager outside the team the opportunity's timeline", async () => {
    expect(problem(await outsideManager().get(`/opportunities/${records.opportunityId}/timeline`))).toEqual({ status: 403, code: 'outside-your-team' });
  });

  it("refuses a manager outside the team the opportunity's quote", async () => {
    expect(problem(await outsideManager().get(`/quotes/${records.quoteId}`))).toEqual({ status: 403, code: 'outside-your-team' });
  });

  it("refuses a manager outside the team the opportunity's order", async () => {
    expect(problem(await outsideManager().get(`/orders/${records.orderId}`))).toEqual({ status: 403, code: 'outside-your-team' });
  });

  it("refuses a manager outside the team a team member's task", async () => {
    expect(problem(await outsideManager().get(`/tasks/${records.taskId}`))).toEqual({ status: 403, code: 'outside-your-team' });
  });

  it("refuses a manager outside the team a team member's activity", async () => {
    expect(problem(await outsideManager().get(`/activities/${records.activityId}`))).toEqual({ status: 403, code: 'outside-your-team' });
  });

  it("refuses a manager outside the team the opportunity's stream", async () => {
    expect(problem(await outsideManager().get(`/streams/opportunity-${records.opportunityId}`))).toEqual({ status: 403, code: 'outside-your-team' });
  });

  it("refuses a manager outside the team the quote's stream", async () => {
    expect(problem(await outsideManager().get(`/streams/quote-${records.quoteId}`))).toEqual({ status: 403, code: 'outside-your-team' });
  });

  it('refuses another rep the opportunity (403 not-your-record)', async () => {
    expect(problem(await otherRep().get(`/opportunities/${records.opportunityId}`))).toEqual({ status: 403, code: 'not-your-record' });
  });

  it('refuses another rep the quote', async () => {
    expect(problem(await otherRep().get(`/quotes/${records.quoteId}`))).toEqual({ status: 403, code: 'not-your-record' });
  });

  it('refuses another rep the task', async () => {
    expect(problem(await otherRep().get(`/tasks/${records.taskId}`))).toEqual({ status: 403, code: 'not-your-record' });
  });

  it("lists a rep's own opportunities only", async () => {
    const theirs = await otherRep().post('/opportunities', anOpportunity({ title: "Cecily's deal" }));
    const listed = (await as('rep').get(`/opportunities?limit=200&minPosition=${theirs.body.position as string}`)).body.items as Array<{ ownerId: string }>;
    expect([...new Set(listed.map((item) => item.ownerId))]).toEqual(['anna-snelling']);
  });

  it("lists a rep's own tasks only, even filtered by another rep's opportunity", async () => {
    const theirs = await otherRep().post('/opportunities', anOpportunity({ title: "Cecily's other deal" }));
    const task = await otherRep().post('/tasks', { title: "Cecily's call", opportunityId: theirs.body.id, dueDate: '2099-01-01' });
    const listed = await as('rep').get(`/tasks?opportunityId=${theirs.body.id as string}&minPosition=${task.body.position as string}`);
    expect({ status: listed.status, items: listed.body.items }).toEqual({ status: 200, items: [] });
  });

  it("refuses a rep another rep's task list (403 not-your-record)", async () => {
    expect(problem(await as('rep').get(`/tasks?assignee=${CECILY}`))).toEqual({ status: 403, code: 'not-your-record' });
  });

  it("refuses a rep the pipeline of another rep (403 not-your-record)", async () => {
    expect(problem(await as('rep').get(`/pipeline?ownerId=${CECILY}`))).toEqual({ status: 403, code: 'not-your-record' });
  });

  it('lets the owner read all of their records', async () => {
    const rep = as('rep');
    const statuses = [
      (await rep.get(`/opportunities/${records.opportunityId}`)).status,
      (await rep.get(`/opportunities/${records.opportunityId}/timeline`)).status,
      (await rep.get(`/quotes/${records.quoteId}`)).status,
      (await rep.get(`/orders/${records.orderId}`)).status,
      (await rep.get(`/tasks/${records.taskId}`)).status,
      (await rep.get(`/activities/${records.activityId}`)).status,
    ];
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200]);
  });

  it("lets the team's manager read the team's records and streams", async () => {
    const manager = as('manager');
    const statuses = [
      (await manager.get(`/opportunities/${records.opportunityId}`)).status,
      (await manager.get(`/quotes/${records.quoteId}`)).status,
      (await manager.get(`/orders/${records.orderId}`)).status,
      (await manager.get(`/tasks/${records.taskId}`)).status,
      (await manager.get(`/activities/${records.activityId}`)).status,
      (await manager.get(`/streams/opportunity-${records.opportunityId}`)).status,
    ];
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200]);
  });

  it("keeps contacts' personal data from analysts: no contact list (403 forbidden)", async () => {
    expect(problem(await as('analyst').get('/contacts'))).toEqual({ status: 403, code: 'forbidden' });
  });

  it("keeps contacts' personal data from analysts: an account without its contacts", async () => {
    const account = await as('rep').post('/accounts', { name: 'Personal Data GmbH' });
    const contact = await as('rep').post(`/accounts/${account.body.id as string}/contacts`, { fullName: 'Zoe Private', email: 'zoe@private.example' });
    const at = `minPosition=${contact.body.position as string}`;
    const seen = [
      ((await as('rep').get(`/accounts/${account.body.id as string}?${at}`)).body.contacts as unknown[]).length,
      ((await as('analyst').get(`/accounts/${account.body.id as string}?${at}`)).body.contacts as unknown[]).length,
    ];
    expect(seen).toEqual([1, 0]);
  });

  it("lets the team's manager read a stream right after a write, waiting with minPosition for the views that say whose it is", async () => {
    const opened = await as('rep').post('/opportunities', anOpportunity({ title: 'Read at once' }));
    const read = await as('manager').get(`/streams/opportunity-${opened.body.id as string}?minPosition=${opened.body.position as string}`);
    expect({ status: read.status, events: (read.body.events as Array<{ type: string }>)?.map((event) => event.type) }).toEqual({ status: 200, events: ['OpportunityOpened'] });
  });

  it('lets an auditor read everything', async () => {
    const auditor = as('auditor');
    const statuses = [
      (await auditor.get(`/opportunities/${records.opportunityId}`)).status,
      (await auditor.get(`/quotes/${records.quoteId}`)).status,
      (await auditor.get(`/orders/${records.orderId}`)).status,
      (await auditor.get(`/streams/order-${records.orderId}`)).status,
    ];
    expect(statuses).toEqual([200, 200, 200, 200]);
  });

  describe('lists', () => {
    /** A deal of the other rep with an accepted quote, its order and an activity. */
    const theirs = {} as { opportunityId: string; quoteId: string; orderId: string; activityId: string; position: string };
    /** A deal of the other rep handed over to the rep. */
    let handedOverId = '';
    const ids = async (reader: Client, path: string) => ((await reader.get(`${path}&minPosition=${theirs.position}`)).body.items as Array<{ id: string }>).map((item) => item.id);
    const listsOf = async (reader: Client, opportunityId: string) => ({
      quotes: await ids(reader, `/quotes?opportunityId=${opportunityId}`),
      orders: await ids(reader, `/orders?opportunityId=${opportunityId}`),
      activities: await ids(reader, `/activities?opportunityId=${opportunityId}`),
    });

    beforeAll(async () => {
      const rep = otherRep();
      theirs.opportunityId = (await rep.post('/opportunities', anOpportunity({ title: "Cecily's listed deal" }))).body.id as string;
      Object.assign(theirs, await acceptedQuote(rep, theirs.opportunityId));
      const activity = await rep.post('/activities', { kind: 'note', occurredAt: new Date().toISOString(), subject: 'Discovery notes', opportunityId: theirs.opportunityId });
      theirs.activityId = activity.body.id as string;
      theirs.position = activity.body.position as string;
    });

    it("leaves another rep's quotes, orders and activities out of a rep's lists", async () => {
      expect(await listsOf(as('rep'), theirs.opportunityId)).toEqual({ quotes: [], orders: [], activities: [] });
    });

    it("lists a rep's own quotes, orders and activities", async () => {
      expect(await listsOf(as('rep'), records.opportunityId)).toEqual({ quotes: [records.quoteId], orders: [records.orderId], activities: [records.activityId] });
    });

    it("lists the team's quotes, orders and activities to its manager", async () => {
      expect(await listsOf(as('manager'), theirs.opportunityId)).toEqual({ quotes: [theirs.quoteId], orders: [theirs.orderId], activities: [theirs.activityId] });
    });

    it("leaves another team's quotes, orders and activities out of a manager's lists", async () => {
      expect(await listsOf(outsideManager(), theirs.opportunityId)).toEqual({ quotes: [], orders: [], activities: [] });
    });

    it('lists everything to an auditor', async () => {
      expect(await listsOf(as('auditor'), theirs.opportunityId)).toEqual({ quotes: [theirs.quoteId], orders: [theirs.orderId], activities: [theirs.activityId] });
    });

    it("moves a deal's quotes and orders to the new owner's lists when its owner changes", async () => {
      const deal = await otherRep().post('/opportunities', anOpportunity({ title: 'Deal handed over' }));
      const dealId = (handedOverId = deal.body.id as string);
      const { quoteId, orderId } = await acceptedQuote(otherRep(), dealId, { manager: as('manager') });
      const handedOver = await as('manager').post(`/opportunities/${dealId}/owner`, { ownerId: 'anna-snelling' });
      expect(handedOver.status).toBe(200);
      const at = `minPosition=${handedOver.body.position as string}`;
      const listed = async (reader: Client) => ({
        quotes: ((await reader.get(`/quotes?opportunityId=${dealId}&${at}`)).body.items as Array<{ id: string }>).map((item) => item.id),
        orders: ((await reader.get(`/orders?opportunityId=${dealId}&${at}`)).body.items as Array<{ id: string }>).map((item) => item.id),
      });
      expect({ anna: await listed(as('rep')), cecily: await listed(otherRep()) }).toEqual({
        anna: { quotes: [quoteId], orders: [orderId] },
        cecily: { quotes: [], orders: [] },
      });
    });

    it('gives the quote and order views a rebuild gives (salesctl rebuild), owners included', async () => {
      const dealIds = [records.opportunityId, theirs.opportunityId, handedOverId];
      const live = await quoteAndOrderViewsIn(suite.dataDir, dealIds);
      const copy = rebuiltCopyOf(suite.dataDir);
      try {
        expect(live.quotes.map((quote) => quote.ownerId)).toEqual(expect.arrayContaining(['anna-snelling', CECILY]));
        expect(await quoteAndOrderViewsIn(copy, dealIds)).toEqual(live);
      } finally {
        removeDataDir(copy);
      }
    });
  });

  describe("an account's timeline and search", () => {
    const setting = {} as { accountId: string; annasDeal: string; ceciliesDeal: string; accountActivityId: string; position: string };
    type Entry = { opportunityId: string | null; activityId: string | null; kind: string; details: Record<string, unknown> };
    const timelineOf = async (reader: Client) =>
      (await reader.get(`/accounts/${setting.accountId}/timeline?limit=500&minPosition=${setting.position}`)).body.items as Entry[];
    /** The deals a reader's timeline of the account has entries about ('account' for the account's own entries). */
    const dealsSeenBy = async (reader: Client) => [...new Set((await timelineOf(reader)).map((entry) => entry.opportunityId ?? 'account'))].sort();

    beforeAll(async () => {
      setting.accountId = (await as('rep').post('/accounts', { name: 'Timeline Scope AG' })).body.id as string;
      await as('rep').post(`/accounts/${setting.accountId}/contacts`, { fullName: 'Quentin Probe', email: 'quentin@probe.example', title: 'Head of Procurement' });
      const deal = (title: string) => anOpportunity({ title, accountName: undefined, accountId: setting.accountId });
      setting.annasDeal = (await as('rep').post('/opportunities', deal("Anna's account deal"))).body.id as string;
      setting.ceciliesDeal = (await otherRep().post('/opportunities', deal("Cecily's account deal"))).body.id as string;
      const note = (subject: string, opportunityId?: string) => ({ kind: 'note', occurredAt: new Date().toISOString(), subject, accountId: setting.accountId, opportunityId });
      await otherRep().post('/activities', note("Notes on Cecily's deal", setting.ceciliesDeal));
      const accountLevel = await otherRep().post('/activities', note('Notes on the account'));
      setting.accountActivityId = accountLevel.body.id as string;
      setting.position = accountLevel.body.position as string;
    });

    it("shows a rep the account's own entries and their own deal's, never another rep's deal (nor its activities naming the account)", async () => {
      expect(await dealsSeenBy(as('rep'))).toEqual(['account', setting.annasDeal].sort());
    });

    it("shows a rep the account's own activities, whoever logged them", async () => {
      expect((await timelineOf(as('rep'))).some((entry) => entry.activityId === setting.accountActivityId)).toBe(true);
    });

    it("shows the team's manager the team's deals", async () => {
      expect(await dealsSeenBy(as('manager'))).toEqual(['account', setting.annasDeal, setting.ceciliesDeal].sort());
    });

    it("shows a manager of another team only the account's own entries", async () => {
      expect(await dealsSeenBy(outsideManager())).toEqual(['account']);
    });

    it('shows an auditor every deal', async () => {
      expect(await dealsSeenBy(as('auditor'))).toEqual(['account', setting.annasDeal, setting.ceciliesDeal].sort());
    });

    it("shows an analyst the account's contacts by id only, without their title", async () => {
      const contactDetails = async (reader: Client) => (await timelineOf(reader)).filter((entry) => entry.kind === 'contact').map((entry) => entry.details);
      expect({ rep: await contactDetails(as('rep')), analyst: await contactDetails(as('analyst')) }).toEqual({
        rep: [expect.objectContaining({ title: 'Head of Procurement' })],
        analyst: [{}],
      });
    });

    it("finds nothing for an analyst searching accounts by a contact's name or e-mail", async () => {
      const found = async (reader: Client, q: string) =>
        ((await reader.get(`/accounts?q=${q}&minPosition=${setting.position}`)).body.items as Array<{ name: string }>).map((account) => account.name);
      expect({ rep: await found(as('rep'), 'quentin'), analystByName: await found(as('analyst'), 'quentin'), analystByEmail: await found(as('analyst'), 'quentin%40probe') }).toEqual({
        rep: ['Timeline Scope AG'],
        analystByName: [],
        analystByEmail: [],
      });
    });
  });
});
