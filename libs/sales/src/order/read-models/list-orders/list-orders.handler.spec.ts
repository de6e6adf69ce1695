import { type AllEvent, positionOf } from '@ledger/event-sourcing';
import { ProjectionApplier, SqliteReadStore } from '@ledger/read-store';
import type { OpportunityEvent } from '../../../opportunity';
import { ZERO_TOTALS } from '../../../pricing';
import type { OrderEvent } from '../../domain';
import { ORDER_DEAL_OWNERS, ORDER_VIEWS } from '../order-view/order-view.document';
import { orderViewProjection } from '../order-view/order-view.projection';
import { ListOrdersHandler } from './list-orders.handler';
import { ListOrdersQuery } from './list-orders.query';

const ANA = 'ana';
const BEN = 'ben';
const CARA = 'cara';
const DEAL_A = '3b9f1c1e-0000-4000-8000-00000000000a';
const DEAL_B = '3b9f1c1e-0000-4000-8000-00000000000b';
const orderId = (n: number) => `7e41c9b2-0000-4000-8000-${String(n).padStart(12, '0')}`;
const QUOTE_ID = '5d0c2a4e-0000-4000-8000-00000000000a';
const at = (n: number) => new Date(Date.UTC(2027, 2, 1, 9, n)).toISOString();

/** A log as the store records it: per-stream revisions, one position after another. */
function newLog() {
  const all: AllEvent[] = [];
  const revisions = new Map<string, number>();
  const append = (streamName: string, event: OpportunityEvent | OrderEvent): void => {
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
  const place = (n: number, opportunityId: string) =>
    append(`order-${orderId(n)}`, {
      type: 'OrderPlaced',
      data: {
        orderId: orderId(n),
        quoteId: QUOTE_ID,
        opportunityId,
        quoteVersion: 1,
        currency: 'USD',
        lines: [],
        quoteDiscountBp: 0,
        taxBp: 0,
        totals: ZERO_TOTALS,
        placedAt: at(all.length),
        placedBy: 'process:quote-accepted-to-order',
        requestedBy: ANA,
      },
    });
  const reassign = (opportunityId: string, previousOwnerId: string, ownerId: string) =>
    append(`opportunity-${opportunityId}`, { type: 'OpportunityOwnerReassigned', data: { opportunityId, previousOwnerId, ownerId } });
  return { all, open, place, reassign };
}

describe("ListOrdersQuery by the owners of the orders' opportunities", () => {
  let views: SqliteReadStore;
  let log: ReturnType<typeof newLog>;
  const listed = async (ownerIds?: readonly string[]) =>
    (await new ListOrdersHandler(views).execute(new ListOrdersQuery({ ownerIds, limit: 50 }))).items.map((order) => [order.id, order.ownerId]);

  beforeEach(async () => {
    views = new SqliteReadStore(':memory:');
    log = newLog();
    log.open(DEAL_A, ANA);
    log.open(DEAL_B, BEN);
    log.place(1, DEAL_A);
    log.place(2, DEAL_B);
    log.place(3, DEAL_A);
    await new ProjectionApplier(views, orderViewProjection).apply(log.all);
  });
  afterEach(() => views.close());

  it("copies the owner of the order's opportunity into the order when it is placed", async () => {
    expect(await listed()).toEqual([
      [orderId(3), ANA],
      [orderId(2), BEN],
      [orderId(1), ANA],
    ]);
  });

  it("lists only the orders of the given owners' opportunities", async () => {
    expect(await listed([ANA])).toEqual([
      [orderId(3), ANA],
      [orderId(1), ANA],
    ]);
    expect(await listed([BEN, CARA])).toEqual([[orderId(2), BEN]]);
  });

  it("moves every order of an opportunity to its new owner's list when the owner changes, and later orders follow", async () => {
    log.reassign(DEAL_A, ANA, CARA);
    log.place(4, DEAL_A);
    await new ProjectionApplier(views, orderViewProjection).apply(log.all.slice(-2));
    expect({ ana: await listed([ANA]), cara: await listed([CARA]) }).toEqual({
      ana: [],
      cara: [
        [orderId(4), CARA],
        [orderId(3), CARA],
        [orderId(1), CARA],
      ],
    });
  });

  it('gives the same views and owners from a rebuild (the whole log at once) as from live projection, event by event, twice', async () => {
    log.reassign(DEAL_A, ANA, CARA);
    log.place(4, DEAL_A);
    log.reassign(DEAL_A, CARA, BEN);
    const live = new SqliteReadStore(':memory:');
    const rebuilt = new SqliteReadStore(':memory:');
    try {
      const applier = new ProjectionApplier(live, orderViewProjection);
      for (const event of log.all) await applier.apply([event]);
      await applier.apply(log.all);
      await new ProjectionApplier(rebuilt, orderViewProjection).apply(log.all);
      const documents = async (store: SqliteReadStore) => ({
        orders: await store.find(ORDER_VIEWS, {}, { sort: { _id: 1 } }),
        owners: await store.find(ORDER_DEAL_OWNERS, {}, { sort: { _id: 1 } }),
      });
      const fromLive = await documents(live);
      expect(fromLive.orders.map((order) => order.ownerId)).toEqual([BEN, BEN, BEN, BEN]);
      expect(fromLive).toEqual(await documents(rebuilt));
    } finally {
      await live.close();
      await rebuilt.close();
    }
  });
});
