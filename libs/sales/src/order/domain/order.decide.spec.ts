import { fold, UnknownEventError } from '@ledger/event-sourcing/kernel';
import { deciderSpec } from '@ledger/event-sourcing/testing';
import type { OrderApprovalPolicy, OrderCommand, PlaceOrder } from './order.commands';
import { orderDecider } from './order.decide';
import { orderEvents } from './order.events';
import type {
  OrderApprovalRequested,
  OrderApproved,
  OrderCancelled,
  OrderEvent,
  OrderFulfilled,
  OrderLineQuantityChanged,
  OrderPlaced,
  OrderRejected,
} from './order.events';
import type { OrderState } from './order.state';
import { type QuoteLine, type QuoteTotals, quoteTotals } from '../../pricing';

const spec = deciderSpec(orderDecider);

const ID = 'order-1';
const PLACED_AT = '2026-03-20T10:00:00.000Z';
const AT = '2026-03-21T15:45:00.000Z';
/** Placed the order (for example the process manager acting for the rep). */
const PLACER = 'user-rep';
/** Accepted the quote. */
const REQUESTER = 'user-requester';
const MANAGER = 'user-manager';

const base = { orderId: ID, at: AT, by: MANAGER };

const line1: QuoteLine = {
  lineId: 'line-1',
  productCode: 'GTX-PRO',
  description: 'GTX Pro licence',
  quantity: 3,
  unitPriceMinor: 333,
  discountBasisPoints: 1000,
};
const line2: QuoteLine = {
  lineId: 'line-2',
  productCode: 'GTX-SUP',
  description: 'Support, one year',
  quantity: 1,
  unitPriceMinor: 50_000,
  discountBasisPoints: 0,
};
const LINES = [line1, line2];
const DISCOUNT_BP = 500;
const TAX_BP = 2000;
const TOTALS = quoteTotals(LINES, DISCOUNT_BP, TAX_BP);

const policy: OrderApprovalPolicy = { version: 'order-policy-2026-01', maxTotalMinor: 10_000_000 };

const placeCommand = (overrides: Partial<Omit<PlaceOrder, 'type'>> = {}): PlaceOrder => ({
  type: 'PlaceOrder',
  orderId: ID,
  quoteId: 'quote-1',
  opportunityId: 'opp-1',
  quoteVersion: 2,
  currency: 'USD',
  lines: LINES,
  quoteDiscountBp: DISCOUNT_BP,
  taxBp: TAX_BP,
  requestedBy: REQUESTER,
  policy,
  at: PLACED_AT,
  by: PLACER,
  ...overrides,
});

const placed = (overrides: Partial<OrderPlaced['data']> = {}): OrderPlaced => ({
  type: 'OrderPlaced',
  data: {
    orderId: ID,
    quoteId: 'quote-1',
    opportunityId: 'opp-1',
    quoteVersion: 2,
    currency: 'USD',
    lines: LINES,
    quoteDiscountBp: DISCOUNT_BP,
    taxBp: TAX_BP,
    totals: TOTALS,
    placedAt: PLACED_AT,
    placedBy: PLACER,
    requestedBy: REQUESTER,
    ...overrides,
  },
});

const approvalRequested = (totalMinor = TOTALS.totalMinor): OrderApprovalRequested => ({
  type: 'OrderApprovalRequested',
  data: {
    orderId: ID,
    policyVersion: policy.version,
    reasons: ['total-above-policy'],
    totalMinor,
    requestedAt: PLACED_AT,
  },
});

/** What the opportunity is won for: the total before tax. */
const netOf = (totals: { totalMinor: number; taxMinor: number }): number => totals.totalMinor - totals.taxMinor;

const autoApproved = (totals: QuoteTotals = TOTALS): OrderApproved => ({
  type: 'OrderApproved',
  data: {
    orderId: ID,
    opportunityId: 'opp-1',
    currency: 'USD',
    totalMinor: totals.totalMinor,
    netMinor: netOf(totals),
    approvedBy: 'policy',
    automatic: true,
    policyVersion: policy.version,
    approvedAt: PLACED_AT,
  },
});

const approvedByManager = (totals: QuoteTotals = TOTALS): OrderApproved => ({
  type: 'OrderApproved',
  data: {
    orderId: ID,
    opportunityId: 'opp-1',
    currency: 'USD',
    totalMinor: totals.totalMinor,
    netMinor: netOf(totals),
    approvedBy: MANAGER,
    automatic: false,
    policyVersion: policy.version,
    approvedAt: AT,
  },
});

const rejected: OrderRejected = {
  type: 'OrderRejected',
  data: { orderId: ID, reason: 'Credit limit exceeded', rejectedAt: AT, rejectedBy: MANAGER },
};
const fulfilled: OrderFulfilled = {
  type: 'OrderFulfilled',
  data: { orderId: ID, fulfilledOn: '2026-03-21', fulfilledAt: AT, fulfilledBy: PLACER },
};
const cancelled: OrderCancelled = {
  type: 'OrderCancelled',
  data: { orderId: ID, reason: 'Customer withdrew', cancelledAt: AT, cancelledBy: PLACER },
};

const pending: OrderEvent[] = [placed(), approvalRequested()];
const approved: OrderEvent[] = [placed(), autoApproved()];
const manuallyApproved: OrderEvent[] = [...pending, approvedByManager()];
const fulfilledOrder: OrderEvent[] = [...approved, fulfilled];
const cancelledWhilePending: OrderEvent[] = [...pending, cancelled];
const cancelledOnceApproved: OrderEvent[] = [...approved, cancelled];
const rejectedOrder: OrderEvent[] = [...pending, rejected];

const stateAfter = (events: readonly OrderEvent[]): OrderState => fold(orderDecider, events);
const statusAfter = (events: readonly OrderEvent[]): string => stateAfter(events).status;

describe('the fixtures', () => {
  it.each([
    ['pending-approval', pending],
    ['approved', approved],
    ['approved', manuallyApproved],
    ['fulfilled', fulfilledOrder],
    ['cancelled', cancelledWhilePending],
    ['cancelled', cancelledOnceApproved],
    ['rejected', rejectedOrder],
  ] as const)('fold to %s', (status, events) => {
    expect(statusAfter(events)).toBe(status);
  });
});

describe('PlaceOrder', () => {
  it('places an order within the policy and approves it automatically, by "policy"', () => {
    const events = [placed(), autoApproved()];
    spec.given([]).when(placeCommand()).then(events);
    expect(stateAfter(events)).toMatchObject({
      status: 'approved',
      approvedBy: 'policy',
      automatic: true,
      policyVersion: policy.version,
    });
  });

  it('prices the order with quoteTotals: line discounts, then the quote discount, then tax, each half up', () => {
    // line 1: 999 − 100 (10 % of 999, half up); line 2: 50000 → subtotal 50899;
    // 5 % quote discount 2545 (2544.95 half up) → 48354; 20 % tax 9671 (9670.8) → 58025.
    expect(TOTALS).toMatchObject({
      subtotalMinor: 50_899,
      quoteDiscountMinor: 2545,
      taxMinor: 9671,
      totalMinor: 58_025,
    });
    const [first] = orderDecider.decide(placeCommand(), orderDecider.initialState());
    expect(first).toEqual(placed({ totals: TOTALS }));
  });

  it('approves automatically when the total equals the policy maximum', () => {
    const atLimit = { ...policy, maxTotalMinor: TOTALS.totalMinor };
    spec
      .given([])
      .when(placeCommand({ policy: atLimit }))
      .then([placed(), autoApproved()]);
  });

  it('asks for approval when the total is one minor unit above the policy maximum', () => {
    const events = [placed(), approvalRequested()];
    spec
      .given([])
      .when(placeCommand({ policy: { ...policy, maxTotalMinor: TOTALS.totalMinor - 1 } }))
      .then(events);
    expect(stateAfter(events)).toMatchObject({ status: 'pending-approval', policyVersion: policy.version });
  });

  it('approves a free order under a zero maximum', () => {
    const free = [{ ...line1, unitPriceMinor: 0 }];
    const totals = quoteTotals(free, 0, TAX_BP);
    spec
      .given([])
      .when(placeCommand({ lines: free, quoteDiscountBp: 0, policy: { ...policy, maxTotalMinor: 0 } }))
      .then([placed({ lines: free, quoteDiscountBp: 0, totals }), autoApproved(totals)]);
  });

  it('keeps who accepted the quote apart from who placed the order', () => {
    expect(stateAfter(pending)).toMatchObject({ requestedBy: REQUESTER, placedBy: PLACER, placedAt: PLACED_AT });
  });

  it('refuses an order that already exists', () => {
    spec.given(pending).when(placeCommand()).thenFails('order-already-exists');
  });

  it('refuses an order without lines', () => {
    spec
      .given([])
      .when(placeCommand({ lines: [] }))
      .thenFails('order-has-no-lines');
  });

  it.each(['usd', 'US', 'EURO', ''])('refuses the currency %j', (currency) => {
    spec.given([]).when(placeCommand({ currency })).thenFails('invalid-currency');
  });

  it.each([
    ['a blank version', { ...policy, version: '  ' }],
    ['a negative maximum total', { ...policy, maxTotalMinor: -1 }],
    ['a fractional maximum total', { ...policy, maxTotalMinor: 10.5 }],
    ['an unsafe maximum total', { ...policy, maxTotalMinor: Number.MAX_SAFE_INTEGER + 1 }],
  ])('refuses a policy with %s', (_label, badPolicy) => {
    spec
      .given([])
      .when(placeCommand({ policy: badPolicy }))
      .thenFails('invalid-approval-policy');
  });

  it.each([
    [{ lines: [{ ...line1, quantity: 0 }] }, 'invalid-quantity'],
    [{ lines: [{ ...line1, unitPriceMinor: -1 }] }, 'invalid-unit-price'],
    [{ quoteDiscountBp: 10_001 }, 'invalid-discount'],
    [{ taxBp: -1 }, 'invalid-tax-rate'],
  ] as const)('refuses %p with the pricing error %s', (change, code) => {
    spec.given([]).when(placeCommand(change)).thenFails(code);
  });
});

describe('any command but PlaceOrder on an order that does not exist', () => {
  const commands: OrderCommand[] = [
    { type: 'ChangeOrderLineQuantity', ...base, lineId: 'line-1', quantity: 2 },
    { type: 'ApproveOrder', ...base },
    { type: 'RejectOrder', ...base, reason: 'No' },
    { type: 'FulfilOrder', ...base, fulfilledOn: '2026-03-21' },
    { type: 'CancelOrder', ...base, reason: 'No' },
  ];
  it.each(commands.map((command) => [command.type, command] as const))('%s is refused', (_type, command) => {
    spec.given([]).when(command).thenFails('order-not-found');
  });
});

describe('ChangeOrderLineQuantity', () => {
  const change = (lineId: string, quantity: number): OrderCommand => ({
    type: 'ChangeOrderLineQuantity',
    ...base,
    by: PLACER,
    lineId,
    quantity,
  });

  it('changes the quantity of a pending order and records totals equal to quoteTotals of the new lines', () => {
    const newLines = [{ ...line1, quantity: 5 }, line2];
    const totals = quoteTotals(newLines, DISCOUNT_BP, TAX_BP);
    expect(totals.totalMinor).not.toBe(TOTALS.totalMinor);
    const events: OrderLineQuantityChanged[] = [
      { type: 'OrderLineQuantityChanged', data: { orderId: ID, lineId: 'line-1', quantity: 5, totals } },
    ];
    spec.given(pending).when(change('line-1', 5)).then(events);
    expect(stateAfter([...pending, ...events])).toMatchObject({
      status: 'pending-approval',
      lines: newLines,
      totals,
    });
  });

  it('records nothing for the same quantity', () => {
    spec.given(pending).when(change('line-2', 1)).then([]);
  });

  it('refuses a line the order does not have', () => {
    spec.given(pending).when(change('line-9', 2)).thenFails('order-line-not-found');
  });

  it.each([0, -1, 1.5])('refuses the quantity %p', (quantity) => {
    spec.given(pending).when(change('line-1', quantity)).thenFails('invalid-quantity');
  });

  it('refuses a quantity whose amount cannot be computed exactly', () => {
    spec.given(pending).when(change('line-2', Number.MAX_SAFE_INTEGER)).thenFails('amount-too-large');
  });

  it.each([
    ['approved automatically', approved],
    ['approved by a manager', manuallyApproved],
    ['fulfilled', fulfilledOrder],
    ['cancelled while pending', cancelledWhilePending],
    ['cancelled once approved', cancelledOnceApproved],
    ['rejected', rejectedOrder],
  ] as const)('refuses once the order is %s: the lines are locked', (_label, given) => {
    spec.given(given).when(change('line-1', 5)).thenFails('order-lines-locked');
  });
});

describe('ApproveOrder', () => {
  it('approves a pending order, with what marking the opportunity won needs', () => {
    const events = [approvedByManager()];
    spec
      .given(pending)
      .when({ type: 'ApproveOrder', ...base })
      .then(events);
    expect(stateAfter([...pending, ...events])).toMatchObject({
      status: 'approved',
      approvedBy: MANAGER,
      automatic: false,
      approvedAt: AT,
    });
  });

  it('approves the total as changed while pending', () => {
    const newLines = [line1, { ...line2, quantity: 2 }];
    const totals = quoteTotals(newLines, DISCOUNT_BP, TAX_BP);
    spec
      .given([
        ...pending,
        { type: 'OrderLineQuantityChanged', data: { orderId: ID, lineId: 'line-2', quantity: 2, totals } },
      ])
      .when({ type: 'ApproveOrder', ...base })
      .then([approvedByManager(totals)]);
  });

  it('refuses the user who accepted the quote', () => {
    spec
      .given(pending)
      .when({ type: 'ApproveOrder', ...base, by: REQUESTER })
      .thenFails('approver-is-requester');
  });

  it('refuses the user who placed the order', () => {
    spec
      .given(pending)
      .when({ type: 'ApproveOrder', ...base, by: PLACER })
      .thenFails('approver-is-requester');
  });

  it.each([
    ['approved', approved],
    ['fulfilled', fulfilledOrder],
    ['cancelled', cancelledWhilePending],
    ['rejected', rejectedOrder],
  ] as const)('refuses a %s order', (_status, given) => {
    spec
      .given(given)
      .when({ type: 'ApproveOrder', ...base })
      .thenFails('order-not-pending-approval');
  });
});

describe('RejectOrder', () => {
  it('rejects a pending order with the reason', () => {
    spec
      .given(pending)
      .when({ type: 'RejectOrder', ...base, reason: 'Credit limit exceeded' })
      .then([rejected]);
    expect(stateAfter(rejectedOrder)).toMatchObject({
      status: 'rejected',
      rejectionReason: 'Credit limit exceeded',
      rejectedBy: MANAGER,
    });
  });

  it.each([
    ['who accepted the quote', REQUESTER],
    ['who placed the order', PLACER],
  ])('refuses the user %s', (_label, by) => {
    spec
      .given(pending)
      .when({ type: 'RejectOrder', ...base, by, reason: 'No' })
      .thenFails('approver-is-requester');
  });

  it('refuses a blank reason', () => {
    spec
      .given(pending)
      .when({ type: 'RejectOrder', ...base, reason: ' \t ' })
      .thenFails('reason-required');
  });

  it.each([
    ['approved', approved],
    ['rejected', rejectedOrder],
  ] as const)('refuses a %s order', (_status, given) => {
    spec
      .given(given)
      .when({ type: 'RejectOrder', ...base, reason: 'No' })
      .thenFails('order-not-pending-approval');
  });

  it('is final: a rejected order can be neither approved, nor cancelled, nor fulfilled', () => {
    spec
      .given(rejectedOrder)
      .when({ type: 'ApproveOrder', ...base })
      .thenFails('order-not-pending-approval');
    spec
      .given(rejectedOrder)
      .when({ type: 'CancelOrder', ...base, reason: 'No' })
      .thenFails('order-not-cancellable');
    spec
      .given(rejectedOrder)
      .when({ type: 'FulfilOrder', ...base, fulfilledOn: '2026-03-21' })
      .thenFails('order-not-approved');
  });
});

describe('FulfilOrder', () => {
  it.each([
    ['automatically', approved],
    ['by a manager', manuallyApproved],
  ] as const)('fulfils an order approved %s', (_label, given) => {
    const events = [fulfilled];
    spec
      .given(given)
      .when({ type: 'FulfilOrder', ...base, by: PLACER, fulfilledOn: '2026-03-21' })
      .then(events);
    expect(stateAfter([...given, ...events])).toMatchObject({
      status: 'fulfilled',
      fulfilledOn: '2026-03-21',
      fulfilledAt: AT,
      fulfilledBy: PLACER,
    });
  });

  it('refuses 29 February in a year that has none', () => {
    spec
      .given(approved)
      .when({ type: 'FulfilOrder', ...base, fulfilledOn: '2025-02-29' })
      .thenFails('invalid-fulfilment-date');
  });

  it('refuses a fulfilment dated before the day the order was placed (the day before allowed, for time zones behind UTC)', () => {
    spec
      .given(approved)
      .when({ type: 'FulfilOrder', ...base, fulfilledOn: '2026-03-18' })
      .thenFails('fulfilled-before-placed');
  });

  it('accepts a fulfilment dated the day before the UTC day the order was placed', () => {
    spec
      .given(approved)
      .when({ type: 'FulfilOrder', ...base, fulfilledOn: '2026-03-19' })
      .then([{ type: 'OrderFulfilled', data: { orderId: ID, fulfilledOn: '2026-03-19', fulfilledAt: AT, fulfilledBy: MANAGER } }]);
  });

  it('refuses a fulfilment dated later than the day after the UTC day the command is recorded', () => {
    spec
      .given(approved)
      .when({ type: 'FulfilOrder', ...base, fulfilledOn: '2026-03-23' })
      .thenFails('business-date-in-the-future');
  });

  it("accepts a fulfilment dated the day after the UTC day of the command: it is already that day where the caller's day is ahead of UTC", () => {
    spec
      .given(approved)
      .when({ type: 'FulfilOrder', ...base, fulfilledOn: '2026-03-22' })
      .then([{ type: 'OrderFulfilled', data: { orderId: ID, fulfilledOn: '2026-03-22', fulfilledAt: AT, fulfilledBy: MANAGER } }]);
  });

  it.each(['2026-02-30', '2026-13-01', '2026-04-31', '25/03/2026', '2026-3-25', '2026-03-25T00:00:00Z', ''])(
    'refuses the date %j',
    (fulfilledOn) => {
      spec
        .given(approved)
        .when({ type: 'FulfilOrder', ...base, fulfilledOn })
        .thenFails('invalid-fulfilment-date');
    },
  );

  it.each([
    ['pending-approval', pending],
    ['fulfilled', fulfilledOrder],
    ['cancelled', cancelledOnceApproved],
  ] as const)('refuses a %s order', (_status, given) => {
    spec
      .given(given)
      .when({ type: 'FulfilOrder', ...base, fulfilledOn: '2026-03-21' })
      .thenFails('order-not-approved');
  });
});

describe('CancelOrder', () => {
  it.each([
    ['pending-approval', pending],
    ['approved', approved],
  ] as const)('cancels an order that is %s, with the reason', (_status, given) => {
    const events = [cancelled];
    spec
      .given(given)
      .when({ type: 'CancelOrder', ...base, by: PLACER, reason: 'Customer withdrew' })
      .then(events);
    expect(stateAfter([...given, ...events])).toMatchObject({
      status: 'cancelled',
      cancellationReason: 'Customer withdrew',
      cancelledAt: AT,
      cancelledBy: PLACER,
    });
  });

  it('refuses a blank reason', () => {
    spec
      .given(approved)
      .when({ type: 'CancelOrder', ...base, reason: '' })
      .thenFails('reason-required');
  });

  it.each([
    ['fulfilled', fulfilledOrder],
    ['cancelled', cancelledWhilePending],
    ['rejected', rejectedOrder],
  ] as const)('refuses a %s order', (_status, given) => {
    spec
      .given(given)
      .when({ type: 'CancelOrder', ...base, reason: 'Too late' })
      .thenFails('order-not-cancellable');
  });
});

describe('evolve', () => {
  it('folds a placed and approved order to its facts', () => {
    expect(stateAfter(manuallyApproved)).toEqual({
      status: 'approved',
      id: ID,
      quoteId: 'quote-1',
      opportunityId: 'opp-1',
      quoteVersion: 2,
      currency: 'USD',
      lines: LINES,
      quoteDiscountBp: DISCOUNT_BP,
      taxBp: TAX_BP,
      totals: TOTALS,
      placedAt: PLACED_AT,
      placedBy: PLACER,
      requestedBy: REQUESTER,
      policyVersion: policy.version,
      approvedBy: MANAGER,
      automatic: false,
      approvedAt: AT,
    });
  });

  it('never folds an event type it does not know: the codec refuses it when the stream is read', () => {
    expect(() => orderEvents.decode({ type: 'OrderTeleported', data: { orderId: ID }, metadata: { schemaVersion: 1 } })).toThrow(UnknownEventError);
  });

  it('ignores events on an order that was never placed', () => {
    expect(stateAfter([autoApproved(), fulfilled, cancelled])).toEqual({ status: 'initial' });
  });

  it.each([
    ['a second OrderPlaced', pending, placed({ quoteId: 'quote-9' })],
    ['OrderFulfilled before approval', pending, fulfilled],
    ['OrderApproved after fulfilment', fulfilledOrder, approvedByManager()],
    ['OrderCancelled after rejection', rejectedOrder, cancelled],
    ['OrderRejected once approved', approved, rejected],
    [
      'OrderLineQuantityChanged once approved',
      approved,
      { type: 'OrderLineQuantityChanged', data: { orderId: ID, lineId: 'line-1', quantity: 9, totals: TOTALS } },
    ],
    [
      'OrderLineQuantityChanged for a line the order does not have',
      pending,
      { type: 'OrderLineQuantityChanged', data: { orderId: ID, lineId: 'line-9', quantity: 9, totals: TOTALS } },
    ],
  ] as const)('leaves the state as it was for %s', (_label, history, event) => {
    const before = stateAfter(history);
    expect(orderDecider.evolve(before, event)).toBe(before);
  });

  it('an OrderPlaced not yet followed by its approval event cannot be approved', () => {
    expect(stateAfter([placed()])).toMatchObject({ status: 'pending-approval', policyVersion: null });
    spec
      .given([placed()])
      .when({ type: 'ApproveOrder', ...base })
      .thenFails('order-not-pending-approval');
  });
});
