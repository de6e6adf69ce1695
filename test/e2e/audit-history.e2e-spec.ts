import { randomUUID } from 'node:crypto';
import { anOpportunity, client } from './support/http';
import { useApiPerSuite } from './support/api-process';

type HistoryEvent = {
  position: string;
  stream: string;
  category: string;
  revision: number;
  type: string;
  recordedAt: string;
  metadata: { correlationId: string; actor: { userId: string; role: string } };
  data: Record<string, unknown>;
  changes: { field: string; from: unknown; to: unknown }[];
};
type HistoryPage = { events: HistoryEvent[]; nextCursor: string | null };

/**
 * GET /audit/events and /audit/streams/{stream}: the whole log searched by auditors, each event with
 * what it changed. A generated history: a rep opens two deals (one in a flow of its own correlation
 * id), the rep's manager moves one along, then, after a pause, the rep renames an account.
 */
describe('History across the log for auditors', () => {
  const suite = useApiPerSuite();
  const as = (role: string) => client(suite.api.url, suite.api.tokens[role]);
  const history = async (path: string): Promise<HistoryPage> => (await as('auditor').get(path)).body as unknown as HistoryPage;
  const flow = `audit-flow-${randomUUID()}`;
  let first = '';
  let second = '';
  let accountId = '';
  let repId = '';
  let managerId = '';
  let between = '';

  beforeAll(async () => {
    const opened = await as('rep').post('/opportunities', anOpportunity({ title: 'History one' }), { 'x-correlation-id': flow });
    first = opened.body.id as string;
    second = (await as('rep').post('/opportunities', anOpportunity({ title: 'History two', amount: { amountMinor: 500_000, currency: 'USD' } }))).body.id as string;
    const firstStream = await history(`/audit/streams/opportunity-${first}`);
    repId = firstStream.events[0].metadata.actor.userId;
    accountId = firstStream.events[0].data.accountId as string;
    await as('manager').post(`/opportunities/${first}/stage`, { stage: 'proposal', probability: 55 });
    managerId = (await history(`/audit/streams/opportunity-${first}`)).events[0].metadata.actor.userId;
    await new Promise((resolve) => setTimeout(resolve, 30));
    between = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 30));
    await as('rep').post(`/accounts/${accountId}/name`, { name: 'Acme Renamed For History' });
  });

  const streamsOf = (page: HistoryPage): string[] => page.events.map((event) => `${event.stream}@${event.revision}`);

  it("narrows to one stream, newest first, each event with what it changed, old → new", async () => {
    const page = await history(`/audit/streams/opportunity-${first}`);
    expect(page.events.map((event) => [event.type, event.revision])).toEqual([['OpportunityStageChanged', 1], ['OpportunityOpened', 0]]);
    expect(page.events[0].changes).toEqual([
      { field: 'stage', from: 'prospecting', to: 'proposal' },
      { field: 'probability', from: 10, to: 55 },
      { field: 'forecastCategory', from: 'pipeline', to: 'best-case' },
    ]);
  });

  it('narrows to a category', async () => {
    const page = await history('/audit/events?category=account&order=oldest');
    expect(new Set(page.events.map((event) => event.category))).toEqual(new Set(['account']));
    expect(page.events.some((event) => event.type === 'AccountRenamed')).toBe(true);
  });

  it('narrows to an event type', async () => {
    const page = await history('/audit/events?type=OpportunityOpened&order=oldest');
    expect(streamsOf(page)).toEqual([`opportunity-${first}@0`, `opportunity-${second}@0`]);
  });

  it('narrows to an actor', async () => {
    const page = await history(`/audit/events?actor=${managerId}`);
    expect(page.events.map((event) => [event.type, event.stream])).toEqual([['OpportunityStageChanged', `opportunity-${first}`]]);
  });

  it('narrows to a correlation id', async () => {
    const page = await history(`/audit/events?correlationId=${flow}`);
    expect(page.events.map((event) => event.metadata.correlationId)).toEqual(page.events.map(() => flow));
    expect(page.events.map((event) => event.type)).toContain('OpportunityOpened');
  });

  it('narrows to a recorded-time range', async () => {
    const [after, before] = await Promise.all([history(`/audit/events?from=${between}`), history(`/audit/events?to=${between}&category=opportunity&order=oldest`)]);
    expect(after.events.map((event) => event.type)).toEqual(['AccountRenamed']);
    expect(streamsOf(before)).toEqual([`opportunity-${first}@0`, `opportunity-${second}@0`, `opportunity-${first}@1`]);
  });

  it('pages newest first by a cursor that events appended meanwhile do not shift', async () => {
    const query = `/audit/events?actor=${repId}&category=opportunity&limit=1`;
    const firstPage = await history(query);
    await as('rep').post(`/opportunities/${second}/stage`, { stage: 'qualification' });
    const secondPage = await history(`${query}&cursor=${firstPage.nextCursor!}`);
    const freshPage = await history(query);
    expect([streamsOf(firstPage), streamsOf(secondPage), secondPage.nextCursor, streamsOf(freshPage)]).toEqual([
      [`opportunity-${second}@0`],
      [`opportunity-${first}@0`],
      null,
      [`opportunity-${second}@1`],
    ]);
  });

  it('pages oldest first, to the end of the stream', async () => {
    const query = `/audit/streams/opportunity-${first}?order=oldest&limit=1`;
    const firstPage = await history(query);
    const secondPage = await history(`${query}&cursor=${firstPage.nextCursor!}`);
    expect([streamsOf(firstPage), streamsOf(secondPage), secondPage.nextCursor]).toEqual([[`opportunity-${first}@0`], [`opportunity-${first}@1`], null]);
  });

  it('answers 404 stream-not-found for a stream with no events', async () => {
    const answer = await as('auditor').get(`/audit/streams/opportunity-${randomUUID()}`);
    expect([answer.status, answer.body.code]).toEqual([404, 'stream-not-found']);
  });

  it('refuses a malformed cursor or instant with 400', async () => {
    const [cursor, instant] = await Promise.all([as('auditor').get('/audit/events?cursor=abc'), as('auditor').get('/audit/events?from=yesterday')]);
    expect([cursor.status, instant.status]).toEqual([400, 400]);
  });

  it('is for auditors and admins: reps, managers and analysts are refused with 403', async () => {
    const answers = await Promise.all(
      ['rep', 'manager', 'analyst', 'admin'].flatMap((role) => [as(role).get('/audit/events'), as(role).get(`/audit/streams/opportunity-${first}`)]),
    );
    expect(answers.map((answer) => [answer.status, answer.body.code ?? null])).toEqual([
      [403, 'forbidden'],
      [403, 'forbidden'],
      [403, 'forbidden'],
      [403, 'forbidden'],
      [403, 'forbidden'],
      [403, 'forbidden'],
      [200, null],
      [200, null],
    ]);
  });

  it('exports any history query as CSV, every page of it, with Accept: text/csv', async () => {
    const response = await fetch(`${suite.api.url}/audit/events?category=opportunity&order=oldest&limit=1`, {
      headers: { authorization: `Bearer ${suite.api.tokens.auditor}`, accept: 'text/csv' },
    });
    const lines = (await response.text()).trim().split('\r\n');
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(lines[0]).toBe('position,recordedAt,stream,revision,type,actor,actorRole,correlationId,causationId,commandId,changes,data');
    expect(lines.slice(1).map((line) => line.split(',').slice(2, 5).join(' '))).toEqual([
      `opportunity-${first} 0 OpportunityOpened`,
      `opportunity-${second} 0 OpportunityOpened`,
      `opportunity-${first} 1 OpportunityStageChanged`,
      `opportunity-${second} 1 OpportunityStageChanged`,
    ]);
  });

  it('exports with format=csv, each row naming what changed', async () => {
    const response = await fetch(`${suite.api.url}/audit/streams/opportunity-${first}?format=csv&type=OpportunityStageChanged`, {
      headers: { authorization: `Bearer ${suite.api.tokens.auditor}` },
    });
    expect(await response.text()).toContain('stage: prospecting → proposal; probability: 10 → 55; forecastCategory: pipeline → best-case');
  });
});

describe('Every GET of one record links to its history', () => {
  const suite = useApiPerSuite();
  const as = (role: string) => client(suite.api.url, suite.api.tokens[role]);

  it('an opportunity: Link: </audit/streams/opportunity-<id>>; rel="history"', async () => {
    const opened = await as('rep').post('/opportunities', anOpportunity());
    const read = await as('rep').get(`/opportunities/${opened.body.id as string}?minPosition=${opened.body.position as string}`);
    expect(read.headers.get('link')).toBe(`</audit/streams/opportunity-${opened.body.id as string}>; rel="history"`);
  });

  it('an account, which an auditor then follows to its history', async () => {
    const registered = await as('rep').post('/accounts', { name: `Linked ${randomUUID()}` });
    const read = await as('auditor').get(`/accounts/${registered.body.id as string}?minPosition=${registered.body.position as string}`);
    const link = /^<([^>]+)>; rel="history"$/.exec(read.headers.get('link') ?? '')![1];
    const followed = await as('auditor').get(link);
    expect([link, (followed.body.events as { type: string }[]).map((event) => event.type)]).toEqual([`/audit/streams/account-${registered.body.id as string}`, ['AccountRegistered']]);
  });

  it('a product, by its code', async () => {
    const listed = await as('admin').post('/products', { name: `Linked Widget ${randomUUID().slice(0, 8)}`, series: 'GTX', listPrices: [{ amountMinor: 1000, currency: 'USD' }] });
    const read = await as('rep').get(`/products/${listed.body.id as string}?minPosition=${listed.body.position as string}`);
    expect(read.headers.get('link')).toBe(`</audit/streams/product-${listed.body.id as string}>; rel="history"`);
  });

  it('a team member, by their user id', async () => {
    const me = await as('rep').get('/team/me');
    expect(me.headers.get('link')).toBe(`</audit/streams/member-${me.body.userId as string}>; rel="history"`);
  });
});
