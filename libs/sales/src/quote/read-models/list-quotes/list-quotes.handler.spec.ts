import { type AllEvent, positionOf } from '@ledger/event-sourcing';
import { ProjectionApplier, SqliteReadStore } from '@ledger/read-store';
import type { OpportunityEvent } from '../../../opportunity';
import type { QuoteEvent } from '../../domain';
import { QUOTE_DEAL_OWNERS, QUOTE_VIEWS } from '../quote-view/quote-view.document';
import { quoteViewProjection } from '../quote-view/quote-view.projection';
import { ListQuotesHandler } from './list-quotes.handler';
import { ListQuotesQuery } from './list-quotes.query';

const ANA = 'ana';
const BEN = 'ben';
const CARA = 'cara';
const DEAL_A = '3b9f1c1e-0000-4000-8000-00000000000a';
const DEAL_B = '3b9f1c1e-0000-4000-8000-00000000000b';
const quoteId = (n: number) => `5d0c2a4e-0000-4000-8000-${String(n).padStart(12, '0')}`;
const at = (n: number) => new Date(Date.UTC(2027, 2, 1, 9, n)).toISOString();

/** A log as the store records it: per-stream revisions, one position after another. */
function newLog() {
  const all: AllEvent[] = [];
  const revisions = new Map<string, number>();
  const append = (streamName: string, event: OpportunityEvent | QuoteEvent): void => {
    const revision = (revisions.get(streamName) ?? -1) + 1;
    revisions.set(streamName, revision);
    const occurredAt = at(all.length);
    all.push({
      id: `${streamName}@${revision}`,
      streamName,
      revision,
      type: event.type,
      data: event.data,
      metadata: { commandId: `c${all.length}`, correlationId: 'flow', causationId: 'flow', actor: { userId: ANA, role: 'rep' }, occurredAt, schemaVersion: 1 },
      recordedAt: occurredAt,
      position: positionOf(all.length + 1),
    });
  };
  const open = (opportunityId: string, ownerId: string) =>
    append(`opportunity-${opportunityId}`, {
      type: 'OpportunityOpened',
      data: {
        opportunityId,
        title: 'Fleet renewal',
        accountId: null,
        accountName: 'Acme',
        ownerId,
        amount: null,
        expectedCloseDate: '2027-09-30',
        source: 'web',
        productInterest: null,
        stage: 'prospecting',
        probability: 10,
        forecastCategory: 'pipeline',
        openedAt: at(all.length),
        openedBy: ownerId,
        openedOn: '2027-03-01',
        assignment: null,
      },
    });
  const draft = (n: number, opportunityId: string) =>
    append(`quote-${quoteId(n)}`, {
      type: 'QuoteDrafted',
      data: { quoteId: quoteId(n), opportunityId, accountId: null, currency: 'USD', version: 1, previousQuoteId: null, validUntil: '2027-06-30', taxBp: 0, draftedAt: at(all.length), draftedBy: ANA },
    });
  const reassign = (opportunityId: string, previousOwnerId: string, ownerId: string) =>
    append(`opportunity-${opportunityId}`, { type: 'OpportunityOwnerReassigned', data: { opportunityId, previousOwnerId, ownerId } });
  return { all, open, draft, reassign };
}

describe("ListQuotesQuery by the owners of the quotes' opportunities", () => {
  let views: SqliteReadStore;
  let log: ReturnType<typeof newLog>;
  const listed = async (ownerIds?: readonly string[]) =>
    (await new ListQuotesHandler(views).execute(new ListQuotesQuery({ ownerIds, limit: 50 }))).items.map((quote) => [quote.id, quote.ownerId]);

  beforeEach(async () => {
    views = new SqliteReadStore(':memory:');
    log = newLog();
    log.open(DEAL_A, ANA);
    log.open(DEAL_B, BEN);
    log.draft(1, DEAL_A);
    log.draft(2, DEAL_B);
    log.draft(3, DEAL_A);
    await new ProjectionApplier(views, quoteViewProjection).apply(log.all);
  });
  afterEach(() => views.close());

  it("copies the owner of the quote's opportunity into the quote when it is drafted", async () => {
    expect(await listed()).toEqual([
      [quoteId(3), ANA],
      [quoteId(2), BEN],
      [quoteId(1), ANA],
    ]);
  });

  it("lists only the quotes of the given owners' opportunities", async () => {
    expect(await listed([ANA])).toEqual([
      [quoteId(3), ANA],
      [quoteId(1), ANA],
    ]);
    expect(await listed([BEN, CARA])).toEqual([[quoteId(2), BEN]]);
  });

  it("moves every quote of an opportunity to its new owner's list when the owner changes, and later drafts follow", async () => {
    log.reassign(DEAL_A, ANA, CARA);
    log.draft(4, DEAL_A);
    await new ProjectionApplier(views, quoteViewProjection).apply(log.all.slice(-2));
    expect({ ana: await listed([ANA]), cara: await listed([CARA]) }).toEqual({
      ana: [],
      cara: [
        [quoteId(4), CARA],
        [quoteId(3), CARA],
        [quoteId(1), CARA],
      ],
    });
  });

  it('gives the same views and owners from a rebuild (the whole log at once) as from live projection, event by event, twice', async () => {
    log.reassign(DEAL_A, ANA, CARA);
    log.draft(4, DEAL_A);
    log.reassign(DEAL_A, CARA, BEN);
    const live = new SqliteReadStore(':memory:');
    const rebuilt = new SqliteReadStore(':memory:');
    try {
      const applier = new ProjectionApplier(live, quoteViewProjection);
      for (const event of log.all) await applier.apply([event]);
      await applier.apply(log.all);
      await new ProjectionApplier(rebuilt, quoteViewProjection).apply(log.all);
      const documents = async (store: SqliteReadStore) => ({
        quotes: await store.find(QUOTE_VIEWS, {}, { sort: { _id: 1 } }),
        owners: await store.find(QUOTE_DEAL_OWNERS, {}, { sort: { _id: 1 } }),
      });
      const fromLive = await documents(live);
      expect(fromLive.quotes.map((quote) => quote.ownerId)).toEqual([BEN, BEN, BEN, BEN]);
      expect(fromLive).toEqual(await documents(rebuilt));
    } finally {
      await live.close();
      await rebuilt.close();
    }
  });
});
