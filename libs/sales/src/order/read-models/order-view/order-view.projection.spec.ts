import { type AllEvent, positionOf } from '@ledger/event-sourcing';
import { RecordingLog } from '@ledger/event-sourcing/testing';
import { useProjectionSpec } from '@ledger/read-store/testing';
import { type QuoteLine, quoteTotals } from '../../../pricing';
import {
  type OrderApprovalPolicy,
  type OrderCommand,
  orderDecider, orderEvents,
  type PlaceOrder,
} from '../../domain';
import { toOrderResource } from './order-resource';
import { ORDER_VIEWS, type OrderView } from './order-view.document';
import { orderViewProjection } from './order-view.projection';

const ID = '7e41c9b2-0000-4000-8000-00000000000a';
const OTHER_ID = '7e41c9b2-0000-4000-8000-00000000000b';
const QUOTE_ID = '5d0c2a4e-0000-4000-8000-00000000000a';
const OPPORTUNITY_ID = '3b9f1c1e-0000-4000-8000-00000000000a';
/** Placed the order (the process manager acting on the accepted quote). */
const PLACER = 'process:quote-accepted-to-order';
/** Accepted the quote. */
const REQUESTER = 'ana';
const MANAGER = 'max';
const DISCOUNT_BP = 500;
const TAX_BP = 2000;

const LINE_A: QuoteLine = {
  lineId: '0b6d3f0e-1111-4000-8000-00000000000a',
  productCode: 'GTX-PRO',
  description: 'GTX Pro licence',
  quantity: 3,
  unitPriceMinor: 12_000,
  discountBasisPoints: 1500,
};
const LINE_B: QuoteLine = {
  lineId: '0b6d3f0e-1111-4000-8000-00000000000b',
  productCode: 'GTX-SUP',
  description: 'Support, one year',
  quantity: 1,
  unitPriceMinor: 50_000,
  discountBasisPoints: 0,
};
const LINES = [LINE_A, LINE_B];
const TOTALS = quoteTotals(LINES, DISCOUNT_BP, TAX_BP);

/** Approves these orders automatically. */
const LENIENT: OrderApprovalPolicy = { version: 'order-policy-2027-01', maxTotalMinor: 10_000_000 };
/** Sends these orders to a manager. */
const STRICT: OrderApprovalPolicy = { version: 'order-policy-2027-02', maxTotalMinor: 1_000 };

/** An order command without its order (ID unless given), time and actor, which `run` fills in. */
type Input<C> = C extends unknown ? Omit<C, 'orderId' | 'at' | 'by'> & { readonly orderId?: string } : never;

const placing = (policy: OrderApprovalPolicy, overrides: Partial<Input<PlaceOrder>> = {}): Input<PlaceOrder> => ({
  type: 'PlaceOrder',
  quoteId: QUOTE_ID,
  opportunityId: OPPORTUNITY_ID,
  quoteVersion: 2,
  currency: 'EUR',
  lines: LINES,
  quoteDiscountBp: DISCOUNT_BP,
  taxBp: TAX_BP,
  requestedBy: REQUESTER,
  policy,
  ...overrides,
});

const newLog = () => new RecordingLog(orderDecider, orderEvents, (command) => `order-${command.orderId}`, (userId) => (userId === MANAGER ? 'manager' : 'rep'));

describe('order-views projection', () => {
  const spec = useProjectionSpec<OrderView, OrderCommand, Input<OrderCommand>>({
    projection: orderViewProjection,
    log: newLog,
    defaults: (command) => ({ orderId: ID, ...command }),
    by: MANAGER,
    start: Date.UTC(2027, 1, 1, 9),
    collection: ORDER_VIEWS,
    id: ID,
  });
  const { record, run, view, collection } = spec;
  const types = (events: readonly AllEvent[]) => events.map((event) => event.type);

  it('OrderPlaced creates the order from what the quote agreed, waiting to be routed; OrderApproved by the policy approves it', async () => {
    const recorded = record(placing(LENIENT), PLACER);
    expect(types(recorded)).toEqual(['OrderPlaced', 'OrderApproved']);
    const placedAt = recorded[0].metadata.occurredAt;

    await spec.applier.apply(recorded.slice(0, 1));
    const expected: OrderView = {
      _id: ID,
      _revision: 0,
      quoteId: QUOTE_ID,
      quoteVersion: 2,
      opportunityId: OPPORTUNITY_ID,
      // No OpportunityOpened in this log: the owner is not known.
      ownerId: null,
      status: 'pending-approval',
      currency: 'EUR',
      lineIds: [LINE_A.lineId, LINE_B.lineId],
      lines: { [LINE_A.lineId]: LINE_A, [LINE_B.lineId]: LINE_B },
      quoteDiscountBp: DISCOUNT_BP,
      taxBp: TAX_BP,
      totals: TOTALS,
      placedAt,
      placedBy: PLACER,
      requestedBy: REQUESTER,
      submittedAt: null,
      approvalReasons: [],
      policyVersion: null,
      approvedBy: null,
      approvedAt: null,
      fulfilledOn: null,
      closedReason: null,
      closedAt: null,
      updatedAt: placedAt,
    };
    expect(await view()).toEqual(expected);
    expect(toOrderResource(await view())).toMatchObject({ id: ID, revision: 0, lines: [LINE_A, LINE_B] });

    await spec.applier.apply(recorded.slice(1));
    expect(await view()).toEqual({
      ...expected,
      _revision: 1,
      status: 'approved',
      approvedBy: 'policy',
      approvedAt: placedAt,
      policyVersion: LENIENT.version,
    });
  });

  it('OrderApprovalRequested puts it in the approvals queue: submitted, with the policy and the reasons', async () => {
    const placedAt = await run(placing(STRICT), PLACER);
    expect(await view()).toMatchObject({
      _revision: 1,
      status: 'pending-approval',
      submittedAt: placedAt,
      approvalReasons: ['total-above-policy'],
      policyVersion: STRICT.version,
      approvedBy: null,
      approvedAt: null,
      totals: TOTALS,
    });
  });

  it('OrderLineQuantityChanged changes the one line quantity and the totals, nothing else of the lines', async () => {
    await run(placing(STRICT), PLACER);
    const changedAt = await run({ type: 'ChangeOrderLineQuantity', lineId: LINE_B.lineId, quantity: 4 }, REQUESTER);
    const changedB = { ...LINE_B, quantity: 4 };
    const changed = await view();
    expect(changed.lineIds).toEqual([LINE_A.lineId, LINE_B.lineId]);
    expect(changed.lines).toEqual({ [LINE_A.lineId]: LINE_A, [LINE_B.lineId]: changedB });
    expect(changed.totals).toEqual(quoteTotals([LINE_A, changedB], DISCOUNT_BP, TAX_BP));
    expect(changed).toMatchObject({ _revision: 2, status: 'pending-approval', updatedAt: changedAt });
    expect(toOrderResource(changed).lines).toEqual([LINE_A, changedB]);
  });

  it('OrderApproved by a manager approves it and keeps when approval was asked for', async () => {
    const placedAt = await run(placing(STRICT), PLACER);
    const approvedAt = await run({ type: 'ApproveOrder' });
    expect(await view()).toMatchObject({
      status: 'approved',
      approvedBy: MANAGER,
      approvedAt,
      policyVersion: STRICT.version,
      submittedAt: placedAt,
      approvalReasons: ['total-above-policy'],
      closedAt: null,
      updatedAt: approvedAt,
    });
  });

  it('OrderRejected closes it with the reason', async () => {
    await run(placing(STRICT), PLACER);
    const rejectedAt = await run({ type: 'RejectOrder', reason: 'Credit limit exceeded' });
    expect(await view()).toMatchObject({
      status: 'rejected',
      closedReason: 'Credit limit exceeded',
      closedAt: rejectedAt,
      approvedBy: null,
      fulfilledOn: null,
    });
  });

  it('OrderFulfilled closes an approved order with the day it was fulfilled', async () => {
    await run(placing(LENIENT), PLACER);
    const fulfilledAt = await run({ type: 'FulfilOrder', fulfilledOn: '2027-02-01' }, 'ops');
    expect(await view()).toMatchObject({
      status: 'fulfilled',
      fulfilledOn: '2027-02-01',
      closedAt: fulfilledAt,
      closedReason: null,
      approvedBy: 'policy',
      updatedAt: fulfilledAt,
    });
  });

  it('OrderCancelled closes it with the reason', async () => {
    await run(placing(LENIENT), PLACER);
    const cancelledAt = await run({ type: 'CancelOrder', reason: 'Customer withdrew' }, REQUESTER);
    expect(await view()).toMatchObject({
      status: 'cancelled',
      closedReason: 'Customer withdrew',
      closedAt: cancelledAt,
      fulfilledOn: null,
      approvedBy: 'policy',
    });
  });

  describe('replays', () => {
    const history = async () => {
      await run(placing(STRICT), PLACER);
      await run({ type: 'ChangeOrderLineQuantity', lineId: LINE_A.lineId, quantity: 6 }, REQUESTER);
      await run({ type: 'ChangeOrderLineQuantity', lineId: LINE_B.lineId, quantity: 2 }, REQUESTER);
      await run({ type: 'ApproveOrder' });
      await run({ type: 'FulfilOrder', fulfilledOn: '2027-02-01' }, 'ops');
      await run({ ...placing(STRICT), orderId: OTHER_ID }, PLACER);
      await run({ type: 'RejectOrder', orderId: OTHER_ID, reason: 'Duplicate' });
    };

    it('replaying the whole history twice changes nothing (writes are guarded by the stream revision)', async () => {
      await history();
      const once = await collection();
      expect(once.map((order) => [order._id, order.status, order.lines[LINE_A.lineId].quantity])).toEqual([
        [ID, 'fulfilled', 6],
        [OTHER_ID, 'rejected', 3],
      ]);

      await spec.expectRedeliveriesChangeNothing(once, 2, 4);
    });

    it('ignores an event older than the document, or of its revision, and applies the next one', async () => {
      await run(placing(STRICT), PLACER);
      await run({ type: 'ChangeOrderLineQuantity', lineId: LINE_A.lineId, quantity: 6 }, REQUESTER);
      const before = await view();
      expect(before._revision).toBe(2);
      const next = spec.log.all.length + 1;
      const stale = (revision: number, type: string, data: object): AllEvent => ({
        ...spec.log.all[revision],
        id: `stale-${revision}`,
        type,
        data,
        position: positionOf(next + revision),
      });
      await spec.applier.apply([
        stale(0, 'OrderCancelled', {
          orderId: ID,
          reason: 'late',
          cancelledAt: '2027-01-01T00:00:00.000Z',
          cancelledBy: MANAGER,
        }),
        stale(1, 'OrderLineQuantityChanged', { orderId: ID, lineId: LINE_B.lineId, quantity: 9, totals: TOTALS }),
        stale(2, 'OrderRejected', {
          orderId: ID,
          reason: 'late',
          rejectedAt: '2027-01-01T00:00:00.000Z',
          rejectedBy: MANAGER,
        }),
      ]);
      expect(await view()).toEqual(before);

      const approvedAt = await run({ type: 'ApproveOrder' });
      expect(await view()).toMatchObject({ _revision: 3, status: 'approved', approvedAt });
    });
  });
});
