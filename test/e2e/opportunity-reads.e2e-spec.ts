import { anOpportunity, type Answer, client } from './support/http';
import { useApiPerSuite } from './support/api-process';

type Item = { id: string; revision: number; title: string; accountName: string | null; ownerName: string | null };

const at = (answer: Answer): string => `minPosition=${answer.body.position as string}`;
const idsOf = (page: Answer): string[] => (page.body.items as Item[]).map((item) => item.id);

describe('Opportunity reads over HTTP: one resource shape, ETag, names, filters and sorting', () => {
  const suite = useApiPerSuite();
  const manager = () => client(suite.api.url, suite.api.tokens.manager);
  const auditor = () => client(suite.api.url, suite.api.tokens.auditor);

  /** An account of its own per test, so that filters by account see only that test's deals. */
  async function newAccount(name: string): Promise<string> {
    const registered = await manager().post('/accounts', { name });
    expect(registered.status).toBe(201);
    return registered.body.id as string;
  }

  it('GET /opportunities/{id} answers id and revision (no _id, _revision) and sends the revision as ETag', async () => {
    const opened = await manager().post('/opportunities', anOpportunity({ ownerId: 'anna-snelling' }));
    const id = opened.body.id as string;
    const moved = await manager().post(`/opportunities/${id}/stage`, { stage: 'qualification' });
    const read = await manager().get(`/opportunities/${id}?${at(moved)}`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id, revision: 1, stage: 'qualification' });
    expect(read.body).not.toHaveProperty('_id');
    expect(read.body).not.toHaveProperty('_revision');
    expect(read.headers.get('etag')).toBe('"1"');
  });

  it('a command with If-Match of the ETag a GET sent succeeds', async () => {
    const opened = await manager().post('/opportunities', anOpportunity({ ownerId: 'anna-snelling' }));
    const id = opened.body.id as string;
    const read = await manager().get(`/opportunities/${id}?${at(opened)}`);
    const moved = await manager().post(`/opportunities/${id}/stage`, { stage: 'qualification' }, { 'if-match': read.headers.get('etag')! });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ revision: 1 });
  });

  it('list items answer id and revision (no _id, _revision)', async () => {
    const accountId = await newAccount('Shape Check Ltd');
    const opened = await manager().post('/opportunities', anOpportunity({ accountId, accountName: undefined, ownerId: 'anna-snelling' }));
    const page = await manager().get(`/opportunities?accountId=${accountId}&${at(opened)}`);
    expect(page.body.items).toEqual([expect.objectContaining({ id: opened.body.id, revision: 0 })]);
    expect((page.body.items as Item[])[0]).not.toHaveProperty('_id');
  });

  it("an opportunity answer names its account and its owner, in the details and in the list", async () => {
    const accountId = await newAccount('Names Inc');
    const opened = await manager().post('/opportunities', anOpportunity({ accountId, accountName: undefined, ownerId: 'cecily-lampkin' }));
    const details = await manager().get(`/opportunities/${opened.body.id as string}?${at(opened)}`);
    expect(details.body).toMatchObject({ accountId, accountName: 'Names Inc', ownerId: 'cecily-lampkin', ownerName: 'Cecily Lampkin' });
    const page = await manager().get(`/opportunities?accountId=${accountId}&${at(opened)}`);
    expect(page.body.items).toEqual([expect.objectContaining({ accountName: 'Names Inc', ownerName: 'Cecily Lampkin' })]);
  });

  it("renaming an account renames it in its opportunities' answers", async () => {
    const accountId = await newAccount('Before Rename GmbH');
    const opened = await manager().post('/opportunities', anOpportunity({ accountId, accountName: undefined, ownerId: 'anna-snelling' }));
    const renamed = await manager().post(`/accounts/${accountId}/name`, { name: 'After Rename GmbH' });
    expect(renamed.status).toBe(200);
    const details = await manager().get(`/opportunities/${opened.body.id as string}?${at(renamed)}`);
    expect(details.body).toMatchObject({ accountName: 'After Rename GmbH' });
  });

  it("renaming a team member renames them as the owner in their opportunities' answers", async () => {
    const opened = await manager().post('/opportunities', anOpportunity({ ownerId: 'versie-hillebrand' }));
    const renamed = await client(suite.api.url, suite.api.tokens.admin).post('/team/versie-hillebrand/name', { name: 'Versie Hillebrand-Ochoa' });
    expect(renamed.status).toBe(200);
    const details = await manager().get(`/opportunities/${opened.body.id as string}?${at(renamed)}`);
    expect(details.body).toMatchObject({ ownerId: 'versie-hillebrand', ownerName: 'Versie Hillebrand-Ochoa' });
  });

  it('reassigning the owner names the new owner', async () => {
    const opened = await manager().post('/opportunities', anOpportunity({ ownerId: 'anna-snelling' }));
    const id = opened.body.id as string;
    const reassigned = await manager().post(`/opportunities/${id}/owner`, { ownerId: 'cecily-lampkin' });
    expect(reassigned.status).toBe(200);
    expect((await manager().get(`/opportunities/${id}?${at(reassigned)}`)).body).toMatchObject({ ownerId: 'cecily-lampkin', ownerName: 'Cecily Lampkin' });
  });

  it('GET /opportunities?accountId= lists only that account’s opportunities', async () => {
    const mine = await newAccount('Filter Mine AG');
    const other = await newAccount('Filter Other AG');
    const first = await manager().post('/opportunities', anOpportunity({ accountId: mine, accountName: undefined, ownerId: 'anna-snelling' }));
    await manager().post('/opportunities', anOpportunity({ accountId: other, accountName: undefined, ownerId: 'anna-snelling' }));
    const last = await manager().post('/opportunities', anOpportunity({ accountId: mine, accountName: undefined, ownerId: 'anna-snelling' }));
    const page = await manager().get(`/opportunities?accountId=${mine}&${at(last)}`);
    expect(page.status).toBe(200);
    expect(idsOf(page).sort()).toEqual([first.body.id, last.body.id].sort());
  });

  describe('sorting with keyset paging', () => {
    const deals: Record<string, string> = {};
    let accountId = '';
    let position = '';

    beforeAll(async () => {
      accountId = await newAccount('Sorting Co');
      const open = async (name: string, amountMinor: number | null, expectedCloseDate: string) => {
        const body = anOpportunity({ accountId, accountName: undefined, ownerId: 'anna-snelling', title: name, expectedCloseDate, amount: amountMinor === null ? undefined : { amountMinor, currency: 'USD' } });
        const opened = await manager().post('/opportunities', body);
        expect(opened.status).toBe(201);
        deals[name] = opened.body.id as string;
        position = opened.body.position as string;
      };
      await open('small', 1_000, '2099-05-01');
      await open('large', 9_000, '2099-02-01');
      await open('unpriced', null, '2099-03-01');
      await open('medium-a', 5_000, '2099-04-01');
      await open('medium-b', 5_000, '2099-01-01');
      position = (await manager().post(`/opportunities/${deals.small}/stage`, { stage: 'negotiation' })).body.position as string;
      position = (await manager().post(`/opportunities/${deals['medium-a']}/stage`, { stage: 'proposal' })).body.position as string;
    });

    /** Every page of a sorted list, `limit` at a time, following nextCursor to the end. */
    async function allPages(sort: string, limit: number): Promise<string[]> {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: Answer = await manager().get(`/opportunities?accountId=${accountId}&sort=${sort}&limit=${limit}&minPosition=${position}${cursor ? `&cursor=${cursor}` : ''}`);
        expect(page.status).toBe(200);
        seen.push(...idsOf(page));
        cursor = page.body.nextCursor as string | null;
      } while (cursor);
      return seen;
    }

    const ordered = (...names: string[]): string[] => names.map((name) => deals[name]);
    const tie = (a: string, b: string): string[] => [deals[a], deals[b]].sort();

    it('sort=-amount: largest first, ties by id, an opportunity without an amount last, the same one page at a time', async () => {
      expect(await allPages('-amount', 1)).toEqual([deals.large, ...tie('medium-a', 'medium-b').reverse(), deals.small, deals.unpriced]);
    });

    it('sort=amount: without an amount first, then smallest, in pages of two', async () => {
      expect(await allPages('amount', 2)).toEqual([deals.unpriced, deals.small, ...tie('medium-a', 'medium-b'), deals.large]);
    });

    it('sort=expectedCloseDate and sort=-expectedCloseDate', async () => {
      expect(await allPages('expectedCloseDate', 2)).toEqual(ordered('medium-b', 'large', 'unpriced', 'medium-a', 'small'));
      expect(await allPages('-expectedCloseDate', 2)).toEqual(ordered('small', 'medium-a', 'unpriced', 'large', 'medium-b'));
    });

    it('sort=-probability: the deal in negotiation, then in proposal, then the rest by id', async () => {
      const rest = [deals.large, deals.unpriced, deals['medium-b']].sort().reverse();
      expect(await allPages('-probability', 2)).toEqual([deals.small, deals['medium-a'], ...rest]);
    });

    it('sort=-updatedAt: the last changed first', async () => {
      expect((await allPages('-updatedAt', 3)).slice(0, 2)).toEqual(ordered('medium-a', 'small'));
    });

    it('refuses a sort it does not know, and a cursor of another sort', async () => {
      expect((await manager().get('/opportunities?sort=-color')).body).toMatchObject({ status: 400 });
      const page = await manager().get(`/opportunities?accountId=${accountId}&sort=-amount&limit=1&minPosition=${position}`);
      const crossed = await manager().get(`/opportunities?accountId=${accountId}&sort=title&cursor=${page.body.nextCursor as string}`);
      expect(crossed.body).toMatchObject({ status: 400, code: 'invalid-cursor' });
    });
  });

  it('refuses a descending sort with order=asc (400 conflicting-sort-order)', async () => {
    expect((await manager().get('/opportunities?sort=-amount&order=asc')).body).toMatchObject({ status: 400, code: 'conflicting-sort-order' });
  });

  it('the timeline writes every amount in the currency’s own decimals, totals of quotes included', async () => {
    const opened = await manager().post('/opportunities', anOpportunity({ ownerId: 'anna-snelling', amount: { amountMinor: 1_250_000, currency: 'USD' } }));
    const opportunityId = opened.body.id as string;
    const drafted = await manager().post('/quotes', { opportunityId, validUntil: '2099-12-31', taxBp: 0 });
    const quoteId = drafted.body.id as string;
    await manager().post(`/quotes/${quoteId}/lines`, { productCode: 'GTX-PRO', quantity: 2 });
    await manager().post(`/quotes/${quoteId}/discount`, { discountBp: 1500 });
    const submitted = await manager().post(`/quotes/${quoteId}/submit`);
    expect(submitted.status).toBe(200);
    const timeline = await auditor().get(`/opportunities/${opportunityId}/timeline?${at(submitted)}`);
    const summaries = (timeline.body.items as Array<{ summary: string }>).map((item) => item.summary);
    expect(summaries).toEqual(expect.arrayContaining(['Quote submitted for approval (total 8195.70 USD)', expect.stringContaining('(12500.00 USD)')]));
    expect(summaries.filter((summary) => summary.includes('minor units'))).toEqual([]);
  });
});
