import { execFileSync } from 'node:child_process';
import { anOpportunity, client, eventually, type StreamEvent } from './support/http';
import { SALESCTL, useApiPerSuite } from './support/api-process';

const VALID_UNTIL = '2099-12-31';

describe('Quotes and orders over HTTP: from an opportunity to a won deal', () => {
  const suite = useApiPerSuite();
  const as = (role: string) => client(suite.api.url, suite.api.tokens[role]);
  /** A token for another user of a role, signed like the demo ones. */
  const tokenFor = (userId: string, role: string): string =>
    execFileSync(process.execPath, [SALESCTL, 'token', '--role', role, '--user', userId], {
      env: { ...process.env, DATA_DIR: suite.dataDir, EVENTSTORE_URL: '', MONGODB_URL: '' },
    })
      .toString()
      .trim();
  const events = async (stream: string): Promise<StreamEvent[]> =>
    (await as('auditor').get(`/streams/${stream}`)).body.events as StreamEvent[];

  async function openOpportunity(): Promise<string> {
    const opened = await as('rep').post('/opportunities', anOpportunity());
    expect(opened.status).toBe(201);
    return opened.body.id as string;
  }

  async function sentQuote(opportunityId: string, discountBp = 0): Promise<string> {
    const rep = as('rep');
    const drafted = await rep.post('/quotes', { opportunityId, validUntil: VALID_UNTIL });
    expect(drafted.status).toBe(201);
    const quoteId = drafted.body.id as string;
    expect((await rep.post(`/quotes/${quoteId}/lines`, { productCode: 'GTX-PRO', quantity: 2 })).status).toBe(201);
    if (discountBp) expect((await rep.post(`/quotes/${quoteId}/discount`, { discountBp })).status).toBe(200);
    expect((await rep.post(`/quotes/${quoteId}/submit`)).status).toBe(200);
    if (discountBp > 1000) expect((await as('manager').post(`/quotes/${quoteId}/approve`)).status).toBe(200);
    expect((await rep.post(`/quotes/${quoteId}/send`)).status).toBe(200);
    return quoteId;
  }

  it('opportunity → quote at 15 % → pending → refused to its submitter → manager approves → sent → accepted → order → won', async () => {
    const rep = as('rep');
    const manager = as('manager');
    const opportunityId = await openOpportunity();

    const drafted = await rep.post('/quotes', { opportunityId, validUntil: VALID_UNTIL, taxBp: 0 });
    expect(drafted.status).toBe(201);
    const quoteId = drafted.body.id as string;
    // 2 × GTX Pro at its list price (4,821.00 USD from the catalogue), then 15 % off the quote.
    const line = await rep.post(`/quotes/${quoteId}/lines`, { productCode: 'GTX-PRO', quantity: 2 });
    expect(line.status).toBe(201);
    expect((await rep.post(`/quotes/${quoteId}/discount`, { discountBp: 1500 })).status).toBe(200);

    const submitted = await rep.post(`/quotes/${quoteId}/submit`);
    expect(submitted.status).toBe(200);
    const pending = await rep.get(`/quotes/${quoteId}?minPosition=${submitted.body.position as string}`);
    expect(pending.body).toMatchObject({
      status: 'pending-approval',
      currency: 'USD',
      approvalReasons: ['discount-above-policy'],
      totals: { grossMinor: 964_200, quoteDiscountMinor: 144_630, totalMinor: 819_570, effectiveDiscountBp: 1500 },
      lines: [{ productCode: 'GTX-PRO', quantity: 2, unitPriceMinor: 482_100, description: 'GTX Pro' }],
    });

    // The approvals queue shows it, with its age.
    const queue = await manager.get(`/approvals?minPosition=${submitted.body.position as string}`);
    expect(queue.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'quote', id: quoteId, ageMs: expect.any(Number) })]));

    // The submitter may not approve: a rep has no approval right at all (403)...
    const byRep = await rep.post(`/quotes/${quoteId}/approve`);
    expect(byRep.status).toBe(403);
    // ...and a manager may not approve what they submitted themselves (422 approver-is-submitter).
    const selfManager = client(suite.api.url, tokenFor('melvin-marxen', 'manager'));
    const own = await selfManager.post('/opportunities', anOpportunity());
    const ownQuote = await selfManager.post('/quotes', { opportunityId: own.body.id, validUntil: VALID_UNTIL });
    await selfManager.post(`/quotes/${ownQuote.body.id as string}/lines`, { productCode: 'GTX-PRO', quantity: 1, discountBasisPoints: 2000 });
    expect((await selfManager.post(`/quotes/${ownQuote.body.id as string}/submit`)).status).toBe(200);
    const selfApproval = await selfManager.post(`/quotes/${ownQuote.body.id as string}/approve`);
    expect(selfApproval.status).toBe(422);
    expect(selfApproval.body).toMatchObject({ code: 'approver-is-submitter' });

    const approved = await manager.post(`/quotes/${quoteId}/approve`, { linesHash: pending.body.linesHash });
    expect(approved.status).toBe(200);
    expect((await rep.post(`/quotes/${quoteId}/send`)).status).toBe(200);
    const accepted = await rep.post(`/quotes/${quoteId}/accept`);
    expect(accepted.status).toBe(200);

    // The process managers place the order, approve it within the limit, and win the opportunity.
    const order = await eventually(async () => {
      const found = await rep.get(`/orders?quoteId=${quoteId}`);
      const [first] = found.body.items as Array<Record<string, unknown>>;
      return first?.status === 'approved' ? first : undefined;
    });
    expect(order).toMatchObject({ opportunityId, quoteId, currency: 'USD', totals: { totalMinor: 819_570 }, approvedBy: 'policy' });
    const won = await eventually(async () => {
      const found = await rep.get(`/opportunities/${opportunityId}`);
      return found.body.status === 'won' ? found.body : undefined;
    });
    expect(won).toMatchObject({ amountMinor: 819_570, currency: 'USD' });

    // Every event carries the event that caused it: accept → placed → approved → won.
    const quoteEvents = await events(`quote-${quoteId}`);
    const acceptedEvent = quoteEvents.find((e) => e.type === 'QuoteAccepted')!;
    const orderEvents = await events(`order-${order.id as string}`);
    expect(orderEvents.map((e) => e.type)).toEqual(['OrderPlaced', 'OrderApproved']);
    for (const e of orderEvents) {
      expect(e.metadata.causationId).toBe(acceptedEvent.id);
      expect(e.metadata.correlationId).toBe(acceptedEvent.metadata.correlationId);
      expect(e.metadata.actor).toEqual({ userId: 'process:quote-accepted-to-order', role: 'system' });
    }
    const wonEvent = (await events(`opportunity-${opportunityId}`)).find((e) => e.type === 'OpportunityWon')!;
    const orderApproved = orderEvents.find((e) => e.type === 'OrderApproved')!;
    expect(wonEvent.metadata.causationId).toBe(orderApproved.id);
    expect(wonEvent.metadata.correlationId).toBe(acceptedEvent.metadata.correlationId);
    expect(wonEvent.data).toMatchObject({ amount: { amountMinor: 819_570, currency: 'USD' } });
  }, 30_000);

  it("shows a quote's and its order's net, tax and gross side by side", async () => {
    const rep = as('rep');
    const quoteId = (await rep.post('/quotes', { opportunityId: await openOpportunity(), validUntil: VALID_UNTIL, taxBp: 2000 })).body.id as string;
    await rep.post(`/quotes/${quoteId}/lines`, { productCode: 'GTX-BASIC', quantity: 1, unitPriceMinor: 100_000 });
    await rep.post(`/quotes/${quoteId}/submit`);
    await rep.post(`/quotes/${quoteId}/send`);
    const accepted = await rep.post(`/quotes/${quoteId}/accept`);
    const separately = { netMinor: 100_000, taxMinor: 20_000, totalMinor: 120_000 };
    expect((await rep.get(`/quotes/${quoteId}?minPosition=${accepted.body.position as string}`)).body.totals).toMatchObject(separately);
    const order = await eventually(async () => ((await rep.get(`/orders?quoteId=${quoteId}`)).body.items as { totals: unknown }[])[0]);
    expect(order.totals).toMatchObject(separately);
  });

  it('a list price change is an event on the product; a quote keeps the price it was made with', async () => {
    const rep = as('rep');
    const quoteId = (await rep.post('/quotes', { opportunityId: await openOpportunity(), validUntil: VALID_UNTIL })).body.id as string;
    await rep.post(`/quotes/${quoteId}/lines`, { productCode: 'MG-ADVANCED', quantity: 1 });
    const changed = await as('admin').post('/products/MG-ADVANCED/price', { price: { amountMinor: 400_000, currency: 'USD' } });
    expect(changed.status).toBe(200);
    expect((await as('rep').post('/products/MG-ADVANCED/price', { price: { amountMinor: 1, currency: 'USD' } })).status).toBe(403);
    const later = await rep.post(`/quotes/${quoteId}/lines`, { productCode: 'MG-ADVANCED', quantity: 1 });
    const quote = await rep.get(`/quotes/${quoteId}?minPosition=${later.body.position as string}`);
    expect((quote.body.lines as Array<{ unitPriceMinor: number }>).map((l) => l.unitPriceMinor)).toEqual([339_300, 400_000]);
    const product = (await as('auditor').get('/streams/product-MG-ADVANCED')).body.events as StreamEvent[];
    expect(product.map((e) => e.type)).toEqual(['ProductListed', 'ProductListPriceChanged']);
    expect(product[1].data).toMatchObject({ currency: 'USD', previousAmountMinor: 339_300, amountMinor: 400_000 });
  });

  it('editing an approved quote voids the approval; it must be submitted again', async () => {
    const rep = as('rep');
    const opportunityId = await openOpportunity();
    const quoteId = (await rep.post('/quotes', { opportunityId, validUntil: VALID_UNTIL })).body.id as string;
    const added = await rep.post(`/quotes/${quoteId}/lines`, { productCode: 'MG-SPECIAL', quantity: 3 });
    expect((await rep.post(`/quotes/${quoteId}/submit`)).status).toBe(200);
    const changed = await rep.patch(`/quotes/${quoteId}/lines/${added.body.lineId as string}`, { quantity: 4 });
    expect(changed.status).toBe(200);
    const types = (await events(`quote-${quoteId}`)).map((e) => e.type);
    expect(types.slice(-4)).toEqual(['QuoteSubmitted', 'QuoteApproved', 'QuoteApprovalVoided', 'QuoteLineChanged']);
    const sent = await rep.post(`/quotes/${quoteId}/send`);
    expect(sent.status).toBe(422);
    expect(sent.body).toMatchObject({ code: 'quote-not-approved' });
  });

  it('an old version cannot be accepted; the revision copies the lines and links both ways', async () => {
    const rep = as('rep');
    const opportunityId = await openOpportunity();
    const first = await sentQuote(opportunityId);
    const revised = await rep.post(`/quotes/${first}/revise`, {});
    expect(revised.status).toBe(201);
    const second = revised.body.id as string;
    const old = await rep.post(`/quotes/${first}/accept`);
    expect(old.status).toBe(422);
    expect(old.body).toMatchObject({ code: 'quote-superseded' });
    const details = await rep.get(`/quotes/${second}?minPosition=${revised.body.position as string}`);
    expect(details.body).toMatchObject({ version: 2, previousQuoteId: first, status: 'draft', lines: [{ productCode: 'GTX-PRO', quantity: 2 }] });
    const versions = await eventually(async () => {
      const found = await rep.get(`/quotes/${second}`);
      const list = found.body.versions as Array<{ id: string; status: string }>;
      return list.length === 2 && list[0].status === 'superseded' ? list : undefined;
    });
    expect(versions.map((v) => v.id)).toEqual([first, second]);
  });

  it('marking a quote primary makes the opportunity follow its total, also when it changes', async () => {
    const rep = as('rep');
    const opportunityId = await openOpportunity();
    const quoteId = (await rep.post('/quotes', { opportunityId, validUntil: VALID_UNTIL })).body.id as string;
    const added = await rep.post(`/quotes/${quoteId}/lines`, { productCode: 'GTX-BASIC', quantity: 10 });
    expect((await rep.post(`/quotes/${quoteId}/primary`)).status).toBe(200);
    await eventually(async () => ((await rep.get(`/opportunities/${opportunityId}`)).body.amountMinor === 550_000 ? true : undefined));
    const changed = await rep.patch(`/quotes/${quoteId}/lines/${added.body.lineId as string}`, { quantity: 20 });
    const opportunity = await eventually(async () => {
      const found = await rep.get(`/opportunities/${opportunityId}`);
      return found.body.amountMinor === 1_100_000 ? found.body : undefined;
    });
    expect(opportunity).toMatchObject({ primaryQuoteId: quoteId });
    expect((await rep.get(`/quotes/${quoteId}?minPosition=${changed.body.position as string}`)).body).toMatchObject({ primary: true });
  });

  it('reps act only on their own opportunities and quotes; auditors and analysts send no commands', async () => {
    const quoteId = await sentQuote(await openOpportunity());
    const otherRep = client(suite.api.url, tokenFor('cecily-lampkin', 'rep'));
    const refused = await otherRep.post(`/quotes/${quoteId}/accept`);
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: 'not-the-owner' });
    for (const role of ['auditor', 'analyst']) {
      expect((await as(role).post(`/quotes/${quoteId}/accept`)).status).toBe(403);
    }
    expect((await as('rep').post(`/quotes/${quoteId}/accept`)).status).toBe(200);
  });

  it('an order over the limit waits for a manager who did not accept the quote, and its lines lock once approved', async () => {
    const rep = as('rep');
    const opportunityId = await openOpportunity();
    const quoteId = (await rep.post('/quotes', { opportunityId, validUntil: VALID_UNTIL })).body.id as string;
    // 60 × GTK 500 at 26,768.00 USD: far over the default order limit of 250,000.00 USD.
    await rep.post(`/quotes/${quoteId}/lines`, { productCode: 'GTK-500', quantity: 60 });
    await rep.post(`/quotes/${quoteId}/submit`);
    await as('manager').post(`/quotes/${quoteId}/approve`);
    await rep.post(`/quotes/${quoteId}/send`);
    const managerAccepting = client(suite.api.url, tokenFor('rocco-neubert', 'manager'));
    expect((await managerAccepting.post(`/quotes/${quoteId}/accept`)).status).toBe(200);
    const order = await eventually(async () => {
      const [first] = (await rep.get(`/orders?quoteId=${quoteId}`)).body.items as Array<Record<string, unknown>>;
      return first;
    });
    expect(order).toMatchObject({ status: 'pending-approval', approvalReasons: ['total-above-policy'] });
    const queue = await as('manager').get('/approvals');
    expect(queue.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'order', id: order.id })]));
    const byRequester = await managerAccepting.post(`/orders/${order.id as string}/approve`);
    expect(byRequester.body).toMatchObject({ code: 'approver-is-requester' });
    expect((await as('manager').post(`/orders/${order.id as string}/approve`)).status).toBe(200);
    const [lineItem] = order.lines as Array<{ lineId: string }>;
    const locked = await as('manager').patch(`/orders/${order.id as string}/lines/${lineItem.lineId}`, { quantity: 1 });
    expect(locked.body).toMatchObject({ code: 'order-lines-locked' });
    const fulfilled = await as('manager').post(`/orders/${order.id as string}/fulfil`, { fulfilledOn: new Date().toISOString().slice(0, 10) });
    expect(fulfilled.status).toBe(200);
    await eventually(async () => ((await rep.get(`/opportunities/${opportunityId}`)).body.status === 'won' ? true : undefined));
  }, 30_000);

  it('a deal won through its order names in its stage history the stage it was won from', async () => {
    const rep = as('rep');
    const opportunityId = await openOpportunity();
    expect((await rep.post(`/opportunities/${opportunityId}/stage`, { stage: 'negotiation' })).status).toBe(200);
    expect((await rep.post(`/quotes/${await sentQuote(opportunityId)}/accept`)).status).toBe(200);

    const won = await eventually(async () => {
      const found = await rep.get(`/opportunities/${opportunityId}`);
      return found.body.status === 'won' ? found.body : undefined;
    });
    const history = won.stageHistory as Array<{ stage: string; how: string; by: string; fromStage: string | null }>;
    expect(history.map(({ stage, how, by, fromStage }) => ({ stage, how, by, fromStage }))).toEqual([
      { stage: 'prospecting', how: 'opened', by: 'anna-snelling', fromStage: null },
      { stage: 'negotiation', how: 'forward', by: 'anna-snelling', fromStage: 'prospecting' },
      { stage: 'closed-won', how: 'won', by: 'process:order-approved-to-won', fromStage: 'negotiation' },
    ]);
  });
});
