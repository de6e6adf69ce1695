import { anOpportunity, client } from './support/http';
import { useApiPerSuite } from './support/api-process';

const SOME_ID = '7d7ab8c4-6f35-4c57-9d8f-7b8a1d2f0e11';
const usd = (amountMinor: number) => ({ amountMinor, currency: 'USD' });

describe('malformed input never reaches the log', () => {
  const suite = useApiPerSuite();
  const rep = () => client(suite.api.url, suite.api.tokens.rep);
  const admin = () => client(suite.api.url, suite.api.tokens.admin);
  const streamLength = async (id: string): Promise<number> =>
    ((await client(suite.api.url, suite.api.tokens.auditor).get(`/streams/opportunity-${id}`)).body.events as unknown[]).length;
  const openWithoutAmount = async (): Promise<string> => (await rep().post('/opportunities', anOpportunity({ amount: undefined }))).body.id as string;

  describe('an array where an object is expected', () => {
    it('refuses an opening whose amount is an array', async () => {
      const answer = await rep().post('/opportunities', anOpportunity({ amount: [] }));
      expect(answer.body).toMatchObject({ status: 400, code: 'validation-failed', errors: [{ field: 'amount' }] });
    });

    it('refuses details whose amount is an array, appending nothing', async () => {
      const id = await openWithoutAmount();
      const answer = await rep().post(`/opportunities/${id}/details`, { amount: [usd(500)] });
      expect(answer.body).toMatchObject({ status: 400, code: 'validation-failed', errors: [{ field: 'amount' }] });
      expect(await streamLength(id)).toBe(1);
    });

    it('refuses a win whose amount is an array on an opportunity without an amount, appending nothing', async () => {
      const id = await openWithoutAmount();
      const answer = await rep().post(`/opportunities/${id}/won`, { amount: [usd(500)] });
      expect(answer.body).toMatchObject({ status: 400, code: 'validation-failed', errors: [{ field: 'amount' }] });
      expect(await streamLength(id)).toBe(1);
    });

    it('refuses an opening whose new account is an array', async () => {
      const answer = await rep().post('/opportunities', anOpportunity({ accountName: undefined, account: [] }));
      expect(answer.body).toMatchObject({ status: 400, code: 'validation-failed', errors: [{ field: 'account' }] });
    });

    it("refuses an account whose annual revenue is an array", async () => {
      const answer = await rep().post('/accounts', { name: 'Array Revenue Ltd', annualRevenue: [usd(100)] });
      expect(answer.body).toMatchObject({ status: 400, code: 'validation-failed', errors: [{ field: 'annualRevenue' }] });
    });

    it('refuses an activity whose next step is an array', async () => {
      const answer = await rep().post('/activities', { kind: 'note', occurredAt: '2026-01-05T10:00:00Z', subject: 'Notes', accountId: SOME_ID, nextStep: [] });
      expect(answer.body).toMatchObject({ status: 400, code: 'validation-failed', errors: [{ field: 'nextStep' }] });
    });

    it('refuses a product whose list prices hold an array', async () => {
      const answer = await admin().post('/products', { name: 'Nested Prices', series: 'NP', listPrices: [[usd(100)]] });
      expect(answer.body).toMatchObject({ status: 400, code: 'validation-failed', errors: [{ field: 'listPrices' }] });
    });

    it('refuses a list price change whose price is an array', async () => {
      const answer = await admin().post('/products/GTX-PRO/price', { price: [usd(100)] });
      expect(answer.body).toMatchObject({ status: 400, code: 'validation-failed', errors: [{ field: 'price' }] });
    });
  });

  describe('null where a value is expected', () => {
    const refusedField = (field: string) => ({ status: 400, code: 'validation-failed', errors: [{ field }] });

    it('refuses to clear the expected close date, appending nothing', async () => {
      const id = await openWithoutAmount();
      expect((await rep().post(`/opportunities/${id}/details`, { expectedCloseDate: null })).body).toMatchObject(refusedField('expectedCloseDate'));
      expect(await streamLength(id)).toBe(1);
    });

    it('refuses to clear the source, appending nothing', async () => {
      const id = await openWithoutAmount();
      expect((await rep().post(`/opportunities/${id}/details`, { source: null })).body).toMatchObject(refusedField('source'));
      expect(await streamLength(id)).toBe(1);
    });

    it('refuses a null amount in details', async () => {
      const id = await openWithoutAmount();
      expect((await rep().post(`/opportunities/${id}/details`, { amount: null })).body).toMatchObject(refusedField('amount'));
    });

    it('refuses an opening with a null account name', async () => {
      expect((await rep().post('/opportunities', anOpportunity({ accountName: null }))).body).toMatchObject(refusedField('accountName'));
    });

    it('refuses an opening with a null assignment pool', async () => {
      expect((await rep().post('/opportunities', anOpportunity({ assignmentPool: null }))).body).toMatchObject(refusedField('assignmentPool'));
    });

    it('refuses an activity with a null next step', async () => {
      const answer = await rep().post('/activities', { kind: 'note', occurredAt: '2026-01-05T10:00:00Z', subject: 'Notes', accountId: SOME_ID, nextStep: null });
      expect(answer.body).toMatchObject(refusedField('nextStep'));
    });

    it('refuses a list price change without a price', async () => {
      expect((await admin().post('/products/GTX-PRO/price', {})).body).toMatchObject(refusedField('price'));
    });

    it('refuses a null body on a command, appending nothing', async () => {
      const id = await openWithoutAmount();
      const answer = await rep().post(`/opportunities/${id}/details`, 'null');
      expect(answer.body).toMatchObject(refusedField('body'));
      expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(await streamLength(id)).toBe(1);
    });

    it('still clears an account profile field with null, as documented', async () => {
      const id = (await rep().post('/accounts', { name: 'Clearable Sector Ltd', sector: 'retail' })).body.id as string;
      expect((await rep().post(`/accounts/${id}/profile`, { sector: null })).status).toBe(200);
    });
  });

  describe('a body nested too deep', () => {
    it('refuses 2,000 nested arrays on a command with 400 body-too-deep', async () => {
      const answer = await rep().post('/opportunities', '['.repeat(2000) + ']'.repeat(2000));
      expect(answer.status).toBe(400);
      expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(answer.body).toMatchObject({ code: 'body-too-deep' });
    });

    it('refuses 3,000 nested objects on a command, appending nothing', async () => {
      const id = await openWithoutAmount();
      const answer = await rep().post(`/opportunities/${id}/details`, '{"title":'.repeat(3000) + '"x"' + '}'.repeat(3000));
      expect(answer.body).toMatchObject({ status: 400, code: 'body-too-deep' });
      expect(await streamLength(id)).toBe(1);
    });

    it('refuses a deep body sent with an Idempotency-Key, which the request hash would walk', async () => {
      const answer = await rep().post('/opportunities', '{"a":'.repeat(3000) + '1' + '}'.repeat(3000), { 'idempotency-key': 'deep-body-1' });
      expect(answer.body).toMatchObject({ status: 400, code: 'body-too-deep' });
    });
  });

  describe('dates out of the business range and control characters in text', () => {
    const refusedField = (field: string) => ({ status: 400, code: 'validation-failed', errors: [{ field }] });

    it('refuses a task due on 0000-01-01', async () => {
      expect((await rep().post('/tasks', { title: 'Call back', accountId: SOME_ID, dueDate: '0000-01-01' })).body).toMatchObject(refusedField('dueDate'));
    });

    it('refuses a date before 1900 where an opportunity is expected to close', async () => {
      expect((await rep().post('/opportunities', anOpportunity({ expectedCloseDate: '1899-12-31' }))).body).toMatchObject(refusedField('expectedCloseDate'));
    });

    it('refuses a NUL character in a title', async () => {
      expect((await rep().post('/opportunities', anOpportunity({ title: 'Fleet\u0000renewal' }))).body).toMatchObject(refusedField('title'));
    });

    it('refuses an ANSI escape sequence in a title', async () => {
      expect((await rep().post('/opportunities', anOpportunity({ title: '\u001b[31mFleet renewal\u001b[0m' }))).body).toMatchObject(refusedField('title'));
    });

    it('refuses a bidi override in a name', async () => {
      expect((await rep().post('/accounts', { name: 'Acme \u202etxt.exe' })).body).toMatchObject(refusedField('name'));
    });

    it('refuses a bidi isolate in a name', async () => {
      expect((await rep().post('/accounts', { name: 'Acme \u2066Corp' })).body).toMatchObject(refusedField('name'));
    });

    it('refuses a line break in a single-line title', async () => {
      expect((await rep().post('/opportunities', anOpportunity({ title: 'Fleet\nrenewal' }))).body).toMatchObject(refusedField('title'));
    });

    it('takes line breaks and tabs in a multi-line body', async () => {
      const accountId = (await rep().post('/accounts', { name: 'Multi-line Notes Ltd' })).body.id as string;
      const answer = await rep().post('/activities', { kind: 'note', occurredAt: '2026-01-05T10:00:00Z', subject: 'Notes', accountId, body: 'First line\n\tSecond line\r\n' });
      expect(answer.status).toBe(201);
    });

    it('refuses an ANSI escape in a multi-line body', async () => {
      const answer = await rep().post('/activities', { kind: 'note', occurredAt: '2026-01-05T10:00:00Z', subject: 'Notes', accountId: SOME_ID, body: 'Hello \u001b[2J' });
      expect(answer.body).toMatchObject(refusedField('body'));
    });
  });
});
