import { anOpportunity, type Answer, client, eventually } from './support/http';
import { useApiPerSuite } from './support/api-process';

const VALID_UNTIL = '2099-12-31';
const DUSTIN = 'dustin-brinkmann'; // a manager of the seeded team (seed/crm-sales/sales_teams.csv)

/** What a client needs to send If-Match with what it read: the ETag, and the same revision in the body, with `id` and no stored names. */
const shapeOf = (answer: Answer) => ({
  status: answer.status,
  etag: answer.headers.get('etag'),
  etagIsRevision: answer.headers.get('etag') === `"${String(answer.body.revision)}"`,
  hasId: typeof answer.body.id === 'string',
  storedNames: Object.keys(answer.body).filter((key) => key.startsWith('_')),
});
const WITH_ETAG = { status: 200, etag: expect.stringMatching(/^"\d+"$/), etagIsRevision: true, hasId: true, storedNames: [] };

describe('Every GET of one record answers id and revision, and sends its revision as ETag for If-Match', () => {
  const suite = useApiPerSuite();
  const as = (role: string) => client(suite.api.url, suite.api.tokens[role]);
  const anAccount = async (): Promise<{ id: string; position: string }> => {
    const registered = await as('rep').post('/accounts', { name: `Etag Works ${Math.random()}` });
    return { id: registered.body.id as string, position: registered.body.position as string };
  };
  const aDraftQuote = async (): Promise<{ id: string; position: string }> => {
    const opportunityId = (await as('rep').post('/opportunities', anOpportunity())).body.id as string;
    const drafted = await as('rep').post('/quotes', { opportunityId, validUntil: VALID_UNTIL });
    return { id: drafted.body.id as string, position: drafted.body.position as string };
  };

  it('an account', async () => {
    const { id, position } = await anAccount();
    const read = await as('rep').get(`/accounts/${id}?minPosition=${position}`);
    expect(shapeOf(read)).toEqual(WITH_ETAG);
    expect((await as('rep').post(`/accounts/${id}/name`, { name: 'Etag Renamed' }, { 'if-match': read.headers.get('etag')! })).status).toBe(200);
  });

  it('a task', async () => {
    const account = await anAccount();
    const created = await as('rep').post('/tasks', { title: 'Call back', accountId: account.id, dueDate: '2099-01-01' });
    const read = await as('rep').get(`/tasks/${created.body.id as string}?minPosition=${created.body.position as string}`);
    expect(shapeOf(read)).toEqual(WITH_ETAG);
    expect((await as('rep').post(`/tasks/${created.body.id as string}/priority`, { priority: 'high' }, { 'if-match': read.headers.get('etag')! })).status).toBe(200);
  });

  it('an activity', async () => {
    const account = await anAccount();
    const logged = await as('rep').post('/activities', { kind: 'call', direction: 'outbound', occurredAt: new Date().toISOString(), subject: 'Intro', accountId: account.id });
    const read = await as('rep').get(`/activities/${logged.body.id as string}?minPosition=${logged.body.position as string}`);
    expect(shapeOf(read)).toEqual(WITH_ETAG);
    const corrected = await as('rep').post(`/activities/${logged.body.id as string}/corrections`, { subject: 'Introduction', reason: 'typo' }, { 'if-match': read.headers.get('etag')! });
    expect(corrected.status).toBe(200);
  });

  it('a quote', async () => {
    const quote = await aDraftQuote();
    const read = await as('rep').get(`/quotes/${quote.id}?minPosition=${quote.position}`);
    expect(shapeOf(read)).toEqual(WITH_ETAG);
    expect((await as('rep').post(`/quotes/${quote.id}/tax`, { taxBp: 500 }, { 'if-match': read.headers.get('etag')! })).status).toBe(200);
  });

  it('an order', async () => {
    const quote = await aDraftQuote();
    await as('rep').post(`/quotes/${quote.id}/lines`, { productCode: 'GTX-PRO', quantity: 1 });
    await as('rep').post(`/quotes/${quote.id}/submit`);
    await as('rep').post(`/quotes/${quote.id}/send`);
    await as('rep').post(`/quotes/${quote.id}/accept`);
    const orderId = await eventually(async () => ((await as('rep').get(`/orders?quoteId=${quote.id}`)).body.items as Array<{ id: string }>)[0]?.id);
    const read = await as('rep').get(`/orders/${orderId}`);
    expect(shapeOf(read)).toEqual(WITH_ETAG);
    expect((await as('manager').post(`/orders/${orderId}/cancel`, { reason: 'Customer withdrew' }, { 'if-match': read.headers.get('etag')! })).status).toBe(200);
  });

  it('a product', async () => {
    const read = await as('rep').get('/products/GTX-PRO');
    expect(shapeOf(read)).toEqual(WITH_ETAG);
    const changed = await as('admin').post('/products/GTX-PRO/price', { price: { amountMinor: 500_000, currency: 'EUR' } }, { 'if-match': read.headers.get('etag')! });
    expect(changed.status).toBe(200);
  });

  it('a team member (under its userId, with revision and ETag)', async () => {
    const read = await as('admin').get(`/team/${DUSTIN}`);
    expect({ ...shapeOf(read), hasId: typeof read.body.userId === 'string' }).toEqual(WITH_ETAG);
    expect((await as('admin').post(`/team/${DUSTIN}/office`, { regionalOffice: 'West' }, { 'if-match': read.headers.get('etag')! })).status).toBe(200);
  });

  it('a target', async () => {
    const body = { scope: 'agent', subjectId: DUSTIN, period: '2099-Q2', amount: { amountMinor: 100_000, currency: 'USD' } };
    const set = await as('admin').post('/targets', body);
    const read = await as('admin').get(`/targets/${set.body.id as string}?minPosition=${set.body.position as string}`);
    expect(shapeOf(read)).toEqual(WITH_ETAG);
    expect((await as('admin').post('/targets', { ...body, amount: { amountMinor: 200_000, currency: 'USD' } }, { 'if-match': read.headers.get('etag')! })).status).toBe(200);
  });

  it('the catalogue answers id and revision, not _id and _revision', async () => {
    const [first] = (await as('rep').get('/products')).body.items as Array<Record<string, unknown>>;
    expect({ id: typeof first.id, revision: typeof first.revision, _id: first._id, _revision: first._revision }).toEqual({ id: 'string', revision: 'number', _id: undefined, _revision: undefined });
  });

  it('targets answer id and revision, not _id', async () => {
    const set = await as('admin').post('/targets', { scope: 'agent', subjectId: DUSTIN, period: '2099-Q1', amount: { amountMinor: 100_000, currency: 'USD' } });
    const [first] = (await as('manager').get(`/targets?subjectId=${DUSTIN}&period=2099-Q1&minPosition=${set.body.position as string}`)).body.items as Array<Record<string, unknown>>;
    expect({ id: first.id, revision: first.revision, _id: first._id }).toEqual({ id: set.body.id, revision: 0, _id: undefined });
  });
});
