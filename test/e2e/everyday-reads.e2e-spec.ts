import { execFileSync } from 'node:child_process';
import { anOpportunity, client } from './support/http';
import { SALESCTL, useApiPerSuite } from './support/api-process';

describe('Everyday reads a CRM user expects', () => {
  const suite = useApiPerSuite();
  const as = (role: string) => client(suite.api.url, suite.api.tokens[role]);

  describe('product codes, case and spacing ignored', () => {
    it('finds GTX-PRO as "gtx pro"', async () => {
      expect((await as('rep').get('/products/gtx%20pro')).body).toMatchObject({ id: 'GTX-PRO', name: 'GTX Pro' });
    });

    it('finds GTX-PRO as "gtx-pro"', async () => {
      expect((await as('rep').get('/products/gtx-pro')).body).toMatchObject({ id: 'GTX-PRO' });
    });

    it('sends a command to GTX-PRO as " Gtx  Pro "', async () => {
      const changed = await as('admin').post('/products/%20Gtx%20%20Pro%20/price', { price: { amountMinor: 480_000, currency: 'CHF' } });
      expect({ status: changed.status, id: changed.body.id }).toEqual({ status: 200, id: 'GTX-PRO' });
    });

    it('adds "gtx pro" to a quote as GTX-PRO', async () => {
      const opportunityId = (await as('rep').post('/opportunities', anOpportunity())).body.id as string;
      const quoteId = (await as('rep').post('/quotes', { opportunityId, validUntil: '2099-12-31' })).body.id as string;
      const added = await as('rep').post(`/quotes/${quoteId}/lines`, { productCode: 'gtx pro', quantity: 1 });
      const quote = await as('rep').get(`/quotes/${quoteId}?minPosition=${added.body.position as string}`);
      expect(quote.body.lines).toEqual([expect.objectContaining({ productCode: 'GTX-PRO' })]);
    });

    it('answers an unknown code with 404 product-not-found', async () => {
      expect((await as('rep').get('/products/no%20such%20thing')).body).toMatchObject({ status: 404, code: 'product-not-found' });
    });
  });

  describe('GET /team, paged like every other list', () => {
    type Member = { userId: string; name: string };

    it('answers a page: items, nextCursor and at most limit members', async () => {
      const page = await as('admin').get('/team?limit=2');
      expect({ items: (page.body.items as Member[]).length, nextCursor: typeof page.body.nextCursor }).toEqual({ items: 2, nextCursor: 'string' });
    });

    it('walks every member once, by name, page after page', async () => {
      const all = (await as('admin').get('/team?limit=500')).body.items as Member[];
      const first = await as('admin').get('/team?limit=3');
      const second = await as('admin').get(`/team?limit=3&cursor=${first.body.nextCursor as string}`);
      expect([...(first.body.items as Member[]), ...(second.body.items as Member[])].map((m) => m.userId)).toEqual(all.slice(0, 6).map((m) => m.userId));
    });

    it('refuses a cursor it never gave out with 400 invalid-cursor', async () => {
      expect((await as('admin').get('/team?cursor=bogus')).body).toMatchObject({ status: 400, code: 'invalid-cursor' });
    });
  });

  describe('tasks by priority, status and opportunity, sorted by due date or priority', () => {
    const titles = async (query: string): Promise<string[]> => ((await as('rep').get(`/tasks?${query}`)).body.items as Array<{ title: string }>).map((t) => t.title);
    const twoTasks = async (): Promise<{ opportunityId: string; position: string }> => {
      const opportunityId = (await as('rep').post('/opportunities', anOpportunity())).body.id as string;
      await as('rep').post('/tasks', { title: 'Low, due first', opportunityId, dueDate: '2099-01-01', priority: 'low' });
      const last = await as('rep').post('/tasks', { title: 'High, due later', opportunityId, dueDate: '2099-02-01', priority: 'high' });
      return { opportunityId, position: last.body.position as string };
    };

    it('sorts by priority, highest first', async () => {
      const { opportunityId, position } = await twoTasks();
      expect(await titles(`opportunityId=${opportunityId}&sort=-priority&minPosition=${position}`)).toEqual(['High, due later', 'Low, due first']);
    });

    it('sorts by due date, latest first', async () => {
      const { opportunityId, position } = await twoTasks();
      expect(await titles(`opportunityId=${opportunityId}&sort=-dueDate&minPosition=${position}`)).toEqual(['High, due later', 'Low, due first']);
    });

    it('filters by priority and status', async () => {
      const { opportunityId, position } = await twoTasks();
      expect(await titles(`opportunityId=${opportunityId}&priority=low&status=open&minPosition=${position}`)).toEqual(['Low, due first']);
    });
  });

  describe('contacts across accounts, and accounts by their contacts', () => {
    const withContact = async (): Promise<{ accountId: string; position: string }> => {
      const accountId = (await as('rep').post('/accounts', { name: 'Quixotic Widgets' })).body.id as string;
      const added = await as('rep').post(`/accounts/${accountId}/contacts`, { fullName: 'Chloé Ÿsaÿe', email: 'chloe@quixotic.example', phone: '+33 1 4000 7777' });
      return { accountId, position: added.body.position as string };
    };

    it('GET /contacts?q= finds a contact by name, accents and case ignored, with its account', async () => {
      const { accountId, position } = await withContact();
      const found = await as('rep').get(`/contacts?q=CHLOE%20YSAYE&minPosition=${position}`);
      expect(found.body.items).toEqual([expect.objectContaining({ fullName: 'Chloé Ÿsaÿe', accountId, accountName: 'Quixotic Widgets' })]);
    });

    it('GET /contacts?q= finds a contact by phone', async () => {
      const { position } = await withContact();
      const found = await as('rep').get(`/contacts?q=4000%207777&minPosition=${position}`);
      expect((found.body.items as Array<{ fullName: string }>).map((c) => c.fullName)).toContain('Chloé Ÿsaÿe');
    });

    it("GET /accounts?q= finds an account by its contact's e-mail", async () => {
      const { accountId, position } = await withContact();
      const found = await as('rep').get(`/accounts?q=chloe%40quixotic&minPosition=${position}`);
      expect((found.body.items as Array<{ id: string }>).map((a) => a.id)).toContain(accountId);
    });
  });

  describe('the approval queue shows what a manager decides on', () => {
    const DUSTIN = 'dustin-brinkmann'; // a manager of the seeded team (seed/crm-sales/sales_teams.csv)
    const tokenFor = (userId: string, role: string): string =>
      execFileSync(process.execPath, [SALESCTL, 'token', '--role', role, '--user', userId], {
        env: { ...process.env, DATA_DIR: suite.dataDir, EVENTSTORE_URL: '', MONGODB_URL: '' },
      })
        .toString()
        .trim();
    /** A quote of a seeded rep at 20 % off, with 10 % tax, waiting for a manager. */
    const pendingQuote = async () => {
      const [rep] = (await as('admin').get(`/team?managerId=${DUSTIN}&limit=1`)).body.items as Array<{ userId: string; name: string }>;
      const asRep = client(suite.api.url, tokenFor(rep.userId, 'rep'));
      const opportunityId = (await asRep.post('/opportunities', anOpportunity({ title: 'Approval queue deal', accountName: 'Queue Test Account' }))).body.id as string;
      const quoteId = (await asRep.post('/quotes', { opportunityId, validUntil: '2099-12-31', taxBp: 1000 })).body.id as string;
      await asRep.post(`/quotes/${quoteId}/lines`, { productCode: 'GTX-PRO', quantity: 1, unitPriceMinor: 100_000 });
      await asRep.post(`/quotes/${quoteId}/discount`, { discountBp: 2000 });
      const submitted = await asRep.post(`/quotes/${quoteId}/submit`);
      return { rep, quoteId, position: submitted.body.position as string };
    };

    it('title, account, rep display name, totals (net, tax, gross), discount, reasons and age', async () => {
      const { rep, quoteId, position } = await pendingQuote();
      const queue = await as('manager').get(`/approvals?minPosition=${position}`);
      const item = (queue.body.items as Array<{ id: string }>).find((entry) => entry.id === quoteId);
      expect(item).toEqual(
        expect.objectContaining({
          kind: 'quote',
          title: 'Approval queue deal',
          accountName: 'Queue Test Account',
          rep: { id: rep.userId, name: rep.name },
          currency: 'USD',
          totals: { netMinor: 80_000, taxMinor: 8_000, grossMinor: 88_000 },
          discount: { effectiveBp: 2000, amountMinor: 20_000 },
          reasons: ['discount-above-policy'],
          ageMs: expect.any(Number),
        }),
      );
    });
  });
});
