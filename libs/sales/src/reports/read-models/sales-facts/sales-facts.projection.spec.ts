import { type AllEvent, positionOf } from '@ledger/event-sourcing';
import { ProjectionApplier, queryCube, SqliteReadStore } from '@ledger/read-store';
import type { AccountProfileUpdated, AccountRegistered } from '../../../account';
import type { OpportunityEvent } from '../../../opportunity';
import type { OrderPlaced } from '../../../order';
import type { QuoteEvent } from '../../../quote';
import { CLOSED_DEALS_CUBE } from './closed-deals.cube';
import { FUNNEL_CUBE } from './funnel.cube';
import { QUOTES_CUBE } from './quotes.cube';
import { DEAL_FACTS, type DealFact, QUOTE_FACTS, type QuoteFact } from './sales-facts.documents';
import { salesFactsProjection } from './sales-facts.projection';

const ACME = 'a0000000-0000-4000-8000-000000000001';
const GLOBEX = 'a0000000-0000-4000-8000-000000000002';
const DEAL = 'd0000000-0000-4000-8000-000000000001';
const LOST_DEAL = 'd0000000-0000-4000-8000-000000000002';
const QUOTE = 'q0000000-0000-4000-8000-000000000001';
const TOTALS = { grossMinor: 100_000, lineDiscountMinor: 0, subtotalMinor: 100_000, quoteDiscountMinor: 12_000, taxMinor: 0, totalMinor: 88_000, effectiveDiscountBp: 1200 };

/** A log as the store records it: per-stream revisions, one position after another. */
function newLog() {
  const all: AllEvent[] = [];
  const revisions = new Map<string, number>();
  const append = (streamName: string, event: { type: string; data: object }, occurredAt = '2017-06-01T09:00:00.000Z'): AllEvent => {
    const revision = (revisions.get(streamName) ?? -1) + 1;
    revisions.set(streamName, revision);
    const recorded: AllEvent = {
      id: `${streamName}@${revision}`,
      streamName,
      revision,
      type: event.type,
      data: event.data,
      metadata: { commandId: `c${all.length}`, correlationId: 'flow', causationId: 'flow', actor: { userId: 'ana', role: 'rep' }, occurredAt, schemaVersion: 1 },
      recordedAt: occurredAt,
      position: positionOf(all.length + 1),
    };
    all.push(recorded);
    return recorded;
  };
  return { all, append };
}

const opportunity = (log: ReturnType<typeof newLog>, id: string, event: OpportunityEvent) => log.append(`opportunity-${id}`, event);
const opened = (id: string, accountId: string, ownerId: string, openedOn: string): OpportunityEvent => ({
  type: 'OpportunityOpened',
  data: {
    opportunityId: id,
    title: 'Fleet',
    accountId,
    accountName: null,
    ownerId,
    amount: { amountMinor: 100_000, currency: 'USD' },
    expectedCloseDate: '2017-09-30',
    source: 'web',
    productInterest: 'GTX Pro',
    stage: 'prospecting',
    probability: 10,
    forecastCategory: 'pipeline',
    openedAt: '2017-06-01T09:00:00.000Z',
    openedBy: ownerId,
    openedOn,
    assignment: null,
  },
});
const registered = (accountId: string, sector: string | null): { type: string; data: AccountRegistered['data'] } => ({
  type: 'AccountRegistered',
  data: { accountId, name: accountId, sector, yearEstablished: null, annualRevenue: null, employees: null, officeLocation: null, parentAccountId: null, registeredAt: '2017-01-01T00:00:00.000Z', registeredBy: 'admin' },
});

/** Two accounts, a deal moved forward and won, a deal lost, a quote taken all the way to an order, a sector corrected. */
function history() {
  const log = newLog();
  log.append(`account-${ACME}`, registered(ACME, 'Retail'));
  log.append(`account-${GLOBEX}`, registered(GLOBEX, null));
  opportunity(log, DEAL, opened(DEAL, ACME, 'ana', '2017-03-01'));
  opportunity(log, DEAL, { type: 'OpportunityStageChanged', data: { opportunityId: DEAL, from: 'prospecting', to: 'proposal', direction: 'forward', reason: null, probability: 60, forecastCategory: 'best-case', changedAt: '2017-03-11T10:00:00.000Z' } });
  opportunity(log, LOST_DEAL, opened(LOST_DEAL, GLOBEX, 'ben', '2017-04-01'));
  const quote = (event: QuoteEvent) => log.append(`quote-${QUOTE}`, event, '2017-04-02T09:00:00.000Z');
  quote({ type: 'QuoteDrafted', data: { quoteId: QUOTE, opportunityId: DEAL, accountId: ACME, currency: 'USD', version: 1, previousQuoteId: null, validUntil: '2017-05-01', taxBp: 0 } } as QuoteEvent);
  quote({ type: 'QuoteLineAdded', data: { quoteId: QUOTE, line: { lineId: 'l1', productCode: 'GTX-PRO', description: 'GTX Pro', quantity: 1, unitPriceMinor: 100_000, discountBasisPoints: 0 }, totals: { ...TOTALS, quoteDiscountMinor: 0, totalMinor: 100_000, effectiveDiscountBp: 0 } } });
  quote({ type: 'QuoteDiscountSet', data: { quoteId: QUOTE, discountBp: 1200, totals: TOTALS } });
  quote({ type: 'QuoteSubmittedForApproval', data: { quoteId: QUOTE, policyVersion: 'v1', reasons: ['discount-above-policy'], totals: TOTALS, linesHash: 'h', submittedAt: '2017-04-02T10:00:00.000Z', submittedBy: 'ana' } });
  quote({ type: 'QuoteApproved', data: { quoteId: QUOTE, approvedBy: 'max', automatic: false, policyVersion: 'v1', linesHash: 'h', approvedAt: '2017-04-02T12:30:00.000Z' } });
  quote({ type: 'QuoteSent', data: { quoteId: QUOTE, sentAt: '2017-04-03T09:00:00.000Z', sentBy: 'ana' } });
  quote({ type: 'QuoteAccepted', data: { quoteId: QUOTE, opportunityId: DEAL, version: 1, currency: 'USD', lines: [], quoteDiscountBp: 1200, taxBp: 0, totals: TOTALS, acceptedAt: '2017-04-04T09:00:00.000Z', acceptedBy: 'ana' } });
  log.append('order-o1', { type: 'OrderPlaced', data: { quoteId: QUOTE } as OrderPlaced['data'] });
  opportunity(log, DEAL, { type: 'OpportunityWon', data: { opportunityId: DEAL, amount: { amountMinor: 88_000, currency: 'USD' }, closedAt: '2017-04-05T09:00:00.000Z', stageAtClose: 'proposal', closedOn: '2017-04-05' } });
  opportunity(log, LOST_DEAL, { type: 'OpportunityLost', data: { opportunityId: LOST_DEAL, reason: 'price', competitor: 'Initech', closedAt: '2017-05-01T09:00:00.000Z', stageAtClose: 'prospecting', closedOn: '2017-04-20' } });
  const sectorChange: { type: string; data: AccountProfileUpdated['data'] } = { type: 'AccountProfileUpdated', data: { accountId: GLOBEX, changes: { sector: 'Finance' }, updatedAt: '2017-06-01T00:00:00.000Z' } };
  log.append(`account-${GLOBEX}`, sectorChange);
  opportunity(log, LOST_DEAL, { type: 'OpportunityOwnerReassigned', data: { opportunityId: LOST_DEAL, previousOwnerId: 'ben', ownerId: 'cid' } });
  return log.all;
}

describe('sales-facts projection', () => {
  let store: SqliteReadStore;
  let applier: ProjectionApplier;
  beforeEach(async () => {
    store = new SqliteReadStore(':memory:');
    applier = new ProjectionApplier(store, salesFactsProjection);
    await applier.prepare();
  });
  afterEach(() => store.close());

  it('keeps one fact per deal with the dimensions and business dates reports use, the sector copied from the account', async () => {
    await applier.apply(history());
    expect(await store.findOne<DealFact>(DEAL_FACTS, { _id: DEAL })).toMatchObject({
      ownerId: 'ana',
      product: 'GTX-PRO',
      accountId: ACME,
      sector: 'retail',
      currency: 'USD',
      amountMinor: 88_000,
      status: 'won',
      stage: 'proposal',
      openedOn: '2017-03-01',
      closedOn: '2017-04-05',
      stages: [
        { stage: 'prospecting', on: '2017-03-01' },
        { stage: 'proposal', on: '2017-03-11' },
      ],
    });
    expect(await store.findOne<DealFact>(DEAL_FACTS, { _id: LOST_DEAL })).toMatchObject({ ownerId: 'cid', sector: 'finance', status: 'lost', lostReason: 'price', competitor: 'Initech', closedOn: '2017-04-20' });
  });

  it('keeps one fact per quote: who owns its deal, what it needed and what became of it', async () => {
    await applier.apply(history());
    expect(await store.findOne<QuoteFact>(QUOTE_FACTS, { _id: QUOTE })).toMatchObject({
      opportunityId: DEAL,
      ownerId: 'ana',
      sector: 'retail',
      draftedOn: '2017-04-02',
      lines: { l1: 'GTX-PRO' },
      effectiveDiscountBp: 1200,
      neededManager: true,
      decision: 'approved',
      decidedAt: '2017-04-02T12:30:00.000Z',
      sent: true,
      accepted: true,
      ordered: true,
    });
  });

  it('adds up the cubes from those facts: revenue, cycle, lost reasons, funnel and quotes', async () => {
    await applier.apply(history());
    const closed = await queryCube(store, CLOSED_DEALS_CUBE, { groupBy: ['sector', 'status'] });
    expect(closed.map((row) => [row.key.sector, row.key.status, row.n, row.s.amount, row.s.cycleDays])).toEqual(
      expect.arrayContaining([
        ['retail', 'won', 1, 88_000, 35],
        ['finance', 'lost', 1, 100_000, 19],
      ]),
    );
    const april = await queryCube(store, CLOSED_DEALS_CUBE, { from: '2017-04-01', to: '2017-04-10', groupBy: ['ownerId'] });
    expect(april).toEqual([{ key: { ownerId: 'ana' }, n: 1, s: expect.objectContaining({ amount: 88_000, 'cycle:35': 1 }) }]);
    const [lost] = await queryCube(store, CLOSED_DEALS_CUBE, { where: { status: ['lost'] }, groupBy: [] });
    expect(lost.s).toMatchObject({ 'reason:price': 1, 'reasonAmount:price': 100_000, 'competitor:Initech': 1 });
    const [funnel] = await queryCube(store, FUNNEL_CUBE, { groupBy: [] });
    expect(funnel.s).toMatchObject({ 'reached:prospecting': 2, 'reached:proposal': 1, 'reached:won': 1, 'stay:prospecting/10': 1, 'stay:proposal/25': 1, 'stay:prospecting/19': 1 });
    const [quotes] = await queryCube(store, QUOTES_CUBE, { where: { product: ['GTX-PRO'] }, groupBy: ['product'] });
    expect(quotes).toMatchObject({ n: 1, s: { submitted: 1, neededManager: 1, approved: 1, sent: 1, accepted: 1, ordered: 1, 'discount:3': 1 } });
  });

  it('changes nothing when the log is delivered again, whole or from the middle', async () => {
    const log = history();
    await applier.apply(log);
    const snapshot = async () => ({
      deals: await store.find(DEAL_FACTS, {}, { sort: { _id: 1 } }),
      quotes: await store.find(QUOTE_FACTS, {}, { sort: { _id: 1 } }),
      cube: await queryCube(store, CLOSED_DEALS_CUBE, { groupBy: ['ownerId', 'sector', 'status', 'month'] }),
    });
    const once = await snapshot();
    await new ProjectionApplier(store, salesFactsProjection).apply(log);
    for (const event of log.slice(5)) await applier.apply([event]);
    expect(await snapshot()).toEqual(once);
  });
});
