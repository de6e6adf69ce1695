import createClient from 'openapi-fetch';
import type { paths } from './api';

/**
 * One call per resource through a client generated from /docs/openapi.json. The OpenAPI e2e test
 * type-checks this file against the generated types (so the document cannot drift from what a
 * client is told), then runs it and checks every answer against the documented schema.
 */
export type Tokens = { rep: string; manager: string; admin: string; auditor: string; analyst: string };
export type Seen = { path: string; method: 'get' | 'post'; status: number; body: unknown };

async function until<T>(read: () => Promise<T | undefined>): Promise<T> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const value = await read();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('gave up waiting');
}

export async function callEveryResource(baseUrl: string, tokens: Tokens): Promise<Seen[]> {
  const seen: Seen[] = [];
  const note = <T extends { data?: unknown; error?: unknown; response: Response }>(path: string, method: Seen['method'], result: T): T => {
    seen.push({ path, method, status: result.response.status, body: result.data ?? result.error });
    return result;
  };
  const as = (token: string) => createClient<paths>({ baseUrl, headers: { authorization: `Bearer ${token}` } });
  const [rep, manager, admin, auditor, analyst] = [as(tokens.rep), as(tokens.manager), as(tokens.admin), as(tokens.auditor), as(tokens.analyst)];
  const later = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);

  const account = note('/accounts', 'post', await rep.POST('/accounts', { body: { name: 'Typed Client Ltd', sector: 'software' } }));
  const accountId: string = account.data!.id;
  note('/accounts/{id}/contacts', 'post', await rep.POST('/accounts/{id}/contacts', { params: { path: { id: accountId } }, body: { fullName: 'Ada Client', email: 'ada@typed.example' } }));

  const beforeOpening = new Date().toISOString();
  await new Promise((resolve) => setTimeout(resolve, 5));
  const opened = note('/opportunities', 'post', await rep.POST('/opportunities', {
    body: { title: 'Typed renewal', accountId, amount: { amountMinor: 500_000, currency: 'USD' }, expectedCloseDate: later, source: 'referral' },
  }));
  const opportunityId: string = opened.data!.id;
  const position: string | null = opened.data!.position;
  const opportunity = note('/opportunities/{id}', 'get', await rep.GET('/opportunities/{id}', { params: { path: { id: opportunityId }, query: { minPosition: position ?? undefined } } }));
  const stageOfOpportunity: string | undefined = opportunity.data?.stage;
  void stageOfOpportunity;
  note('/opportunities/{id}/stage', 'post', await rep.POST('/opportunities/{id}/stage', { params: { path: { id: opportunityId } }, body: { stage: 'qualification' } }));
  note('/opportunities', 'get', await manager.GET('/opportunities', { params: { query: { limit: 5 } } }));
  note('/opportunities/{id}/timeline', 'get', await rep.GET('/opportunities/{id}/timeline', { params: { path: { id: opportunityId } } }));
  note('/pipeline', 'get', await manager.GET('/pipeline'));
  note('/forecast', 'get', await manager.GET('/forecast'));
  note('/pipeline/changes', 'get', await auditor.GET('/pipeline/changes', { params: { query: { from: beforeOpening, to: new Date().toISOString() } } }));

  const task = note('/tasks', 'post', await rep.POST('/tasks', { body: { title: 'Call the typed client', opportunityId, dueDate: later } }));
  note('/tasks/{id}', 'get', await rep.GET('/tasks/{id}', { params: { path: { id: task.data!.id }, query: { minPosition: task.data!.position ?? undefined } } }));
  note('/tasks', 'get', await rep.GET('/tasks', { params: { query: { limit: 5 } } }));

  const activity = note('/activities', 'post', await rep.POST('/activities', {
    body: { kind: 'call', direction: 'outbound', occurredAt: new Date().toISOString(), subject: 'Discovery', accountId, opportunityId },
  }));
  note('/activities/{id}', 'get', await rep.GET('/activities/{id}', { params: { path: { id: activity.data!.id }, query: { minPosition: activity.data!.position ?? undefined } } }));
  note('/activities', 'get', await rep.GET('/activities', { params: { query: { opportunityId } } }));
  note('/accounts/{id}', 'get', await rep.GET('/accounts/{id}', { params: { path: { id: accountId }, query: { minPosition: activity.data!.position ?? undefined } } }));
  note('/accounts/{id}/timeline', 'get', await rep.GET('/accounts/{id}/timeline', { params: { path: { id: accountId } } }));
  note('/accounts', 'get', await rep.GET('/accounts', { params: { query: { q: 'typed' } } }));
  note('/contacts', 'get', await rep.GET('/contacts', { params: { query: { q: 'ada' } } }));

  note('/products', 'get', await rep.GET('/products'));
  note('/products/{code}', 'get', await rep.GET('/products/{code}', { params: { path: { code: 'gtx pro' } } }));
  const quote = note('/quotes', 'post', await rep.POST('/quotes', { body: { opportunityId, validUntil: later } }));
  const quoteId: string = quote.data!.id;
  note('/quotes/{id}/lines', 'post', await rep.POST('/quotes/{id}/lines', { params: { path: { id: quoteId } }, body: { productCode: 'GTX-PRO', quantity: 2 } }));
  const submitted = note('/quotes/{id}/submit', 'post', await rep.POST('/quotes/{id}/submit', { params: { path: { id: quoteId } } }));
  const read = note('/quotes/{id}', 'get', await rep.GET('/quotes/{id}', { params: { path: { id: quoteId }, query: { minPosition: submitted.data!.position ?? undefined } } }));
  const netMinor: number | undefined = read.data?.totals.netMinor;
  void netMinor;
  // @ts-expect-error the document says what a quote has: a field it does not have does not compile
  void read.data?.noSuchField;
  note('/quotes', 'get', await rep.GET('/quotes', { params: { query: { opportunityId } } }));
  note('/approvals', 'get', await manager.GET('/approvals'));
  note('/quotes/{id}/send', 'post', await rep.POST('/quotes/{id}/send', { params: { path: { id: quoteId } } }));
  note('/quotes/{id}/accept', 'post', await rep.POST('/quotes/{id}/accept', { params: { path: { id: quoteId } } }));
  // The quote-accepted process places the order.
  const orderId = await until(async () => (await rep.GET('/orders', { params: { query: { quoteId } } })).data?.items[0]?.id);
  note('/orders', 'get', await rep.GET('/orders', { params: { query: { opportunityId } } }));
  note('/orders/{id}', 'get', await rep.GET('/orders/{id}', { params: { path: { id: orderId } } }));

  note('/team', 'get', await manager.GET('/team'));
  const me = note('/team/me', 'get', await rep.GET('/team/me'));
  note('/team/{userId}', 'get', await manager.GET('/team/{userId}', { params: { path: { userId: me.data!.userId } } }));
  const targets = note('/targets', 'get', await manager.GET('/targets'));
  note('/targets/{id}', 'get', await manager.GET('/targets/{id}', { params: { path: { id: targets.data!.items[0].id } } }));
  note('/reports/revenue', 'get', await analyst.GET('/reports/revenue', { params: { query: { by: 'quarter' } } }));
  note('/reports/win-rate', 'get', await analyst.GET('/reports/win-rate', { params: { query: { by: 'region' } } }));
  note('/reports/sales-cycle', 'get', await analyst.GET('/reports/sales-cycle', { params: { query: { by: 'product' } } }));
  note('/reports/deal-size', 'get', await analyst.GET('/reports/deal-size', { params: { query: { by: 'sector' } } }));
  note('/reports/lost-reasons', 'get', await analyst.GET('/reports/lost-reasons'));
  note('/reports/funnel', 'get', await analyst.GET('/reports/funnel'));
  note('/reports/quotes', 'get', await analyst.GET('/reports/quotes'));
  note('/reports/attainment', 'get', await manager.GET('/reports/attainment'));
  note('/reports/segments', 'get', await analyst.GET('/reports/segments', { params: { query: { k: 4 } } }));
  note('/imports/{id}', 'get', await admin.GET('/imports/{id}', { params: { path: { id: '00000000-0000-4000-8000-000000000000' } } }));
  note('/streams/{streamName}', 'get', await auditor.GET('/streams/{streamName}', { params: { path: { streamName: `opportunity-${opportunityId}` } } }));
  note('/audit/events', 'get', await auditor.GET('/audit/events', { params: { query: { category: 'opportunity', limit: 3 } } }));
  note('/audit/streams/{streamName}', 'get', await auditor.GET('/audit/streams/{streamName}', { params: { path: { streamName: `opportunity-${opportunityId}` } } }));
  note('/audit/verify', 'get', await auditor.GET('/audit/verify', { params: { query: { stream: `opportunity-${opportunityId}` } } }));
  note('/projections', 'get', await admin.GET('/projections'));
  const apiKey = note('/api-keys', 'post', await admin.POST('/api-keys', { body: { name: 'Typed integration', roles: ['analyst'] } }));
  const header: string = apiKey.data!.header;
  void header;
  note('/api-keys/{id}', 'get', await admin.GET('/api-keys/{id}', { params: { path: { id: apiKey.data!.id }, query: { minPosition: apiKey.data!.position ?? undefined } } }));
  note('/api-keys', 'get', await admin.GET('/api-keys', { params: { query: { limit: 5 } } }));
  note('/quotes/{id}', 'get', await rep.GET('/quotes/{id}', { params: { path: { id: '00000000-0000-4000-8000-000000000000' } } }));
  // @ts-expect-error a command's body is checked too: a quote is drafted for an opportunity
  note('/quotes', 'post', await rep.POST('/quotes', { body: { validUntil: later } }));
  return seen;
}
