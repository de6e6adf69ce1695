import { type Decider, earliestBusinessDate, exhaustive, isCalendarDate, latestBusinessDate } from '@ledger/event-sourcing/kernel';
import type {
  ApproveOrder,
  CancelOrder,
  ChangeOrderLineQuantity,
  FulfilOrder,
  OrderCommand,
  PlaceOrder,
  RejectOrder,
} from './order.commands';
import {
  ApproverIsRequesterError,
  FulfilledBeforePlacedError,
  FulfilmentDateInTheFutureError,
  InvalidFulfilmentDateError,
  InvalidOrderApprovalPolicyError,
  InvalidOrderCurrencyError,
  OrderAlreadyExistsError,
  OrderHasNoLinesError,
  OrderLineNotFoundError,
  OrderLinesLockedError,
  OrderNotApprovedError,
  OrderNotCancellableError,
  OrderNotFoundError,
  OrderNotPendingApprovalError,
  OrderReasonRequiredError,
} from './order.errors';
import type { OrderEvent } from './order.events';
import {
  type ExistingOrderState,
  evolve,
  initialState,
  type OrderState,
  type PendingApprovalOrderState,
} from './order.state';
import { checkQuantity, netOfTax, type QuoteLine, quoteTotals } from '../../pricing';

const isBlank = (text: string): boolean => text.trim() === '';

const requireExisting = (command: OrderCommand, state: OrderState): ExistingOrderState => {
  if (state.status === 'initial') throw new OrderNotFoundError(command.orderId);
  return state;
};

/** Waiting for a person's approval, under a known policy. */
const requirePending = (
  command: OrderCommand,
  state: OrderState,
): PendingApprovalOrderState & { readonly policyVersion: string } => {
  const current = requireExisting(command, state);
  if (current.status !== 'pending-approval') throw new OrderNotPendingApprovalError(current.status);
  // Only between OrderPlaced and the event appended with it, which a loaded order never is.
  if (current.policyVersion === null) throw new OrderNotPendingApprovalError('not yet routed by a policy');
  return { ...current, policyVersion: current.policyVersion };
};

/** The user who accepted the quote and the user who placed the order cannot decide on its approval. */
const checkApprover = (command: ApproveOrder | RejectOrder, current: PendingApprovalOrderState): void => {
  if (command.by === current.requestedBy || command.by === current.placedBy) throw new ApproverIsRequesterError();
};

const place = (command: PlaceOrder, state: OrderState): OrderEvent[] => {
  if (state.status !== 'initial') throw new OrderAlreadyExistsError(command.orderId);
  if (command.lines.length === 0) throw new OrderHasNoLinesError();
  if (!/^[A-Z]{3}$/.test(command.currency)) throw new InvalidOrderCurrencyError(command.currency);
  const { version: policyVersion, maxTotalMinor } = command.policy;
  if (isBlank(policyVersion) || !(Number.isSafeInteger(maxTotalMinor) && maxTotalMinor >= 0)) {
    throw new InvalidOrderApprovalPolicyError();
  }
  // Also checks every line, the discount and the tax rate (pricing errors).
  const totals = quoteTotals(command.lines, command.quoteDiscountBp, command.taxBp);
  const placed: OrderEvent = {
    type: 'OrderPlaced',
    data: {
      orderId: command.orderId,
      quoteId: command.quoteId,
      opportunityId: command.opportunityId,
      quoteVersion: command.quoteVersion,
      currency: command.currency,
      lines: command.lines,
      quoteDiscountBp: command.quoteDiscountBp,
      taxBp: command.taxBp,
      totals,
      placedAt: command.at,
      placedBy: command.by,
      requestedBy: command.requestedBy,
    },
  };
  if (totals.totalMinor > maxTotalMinor) {
    return [
      placed,
      {
        type: 'OrderApprovalRequested',
        data: {
          orderId: command.orderId,
          policyVersion,
          reasons: ['total-above-policy'],
          totalMinor: totals.totalMinor,
          requestedAt: command.at,
        },
      },
    ];
  }
  return [
    placed,
    {
      type: 'OrderApproved',
      data: {
        orderId: command.orderId,
        opportunityId: command.opportunityId,
        currency: command.currency,
        totalMinor: totals.totalMinor,
        netMinor: netOfTax(totals),
        approvedBy: 'policy',
        automatic: true,
        policyVersion,
        approvedAt: command.at,
      },
    },
  ];
};

const changeLineQuantity = (command: ChangeOrderLineQuantity, state: OrderState): OrderEvent[] => {
  const current = requireExisting(command, state);
  if (current.status !== 'pending-approval') throw new OrderLinesLockedError(current.status);
  const before = current.lines.find((l) => l.lineId === command.lineId);
  if (before === undefined) throw new OrderLineNotFoundError(command.lineId);
  checkQuantity(command.quantity);
  if (command.quantity === before.quantity) return [];
  const lines: QuoteLine[] = current.lines.map((l) =>
    l.lineId === command.lineId ? { ...l, quantity: command.quantity } : l,
  );
  const totals = quoteTotals(lines, current.quoteDiscountBp, current.taxBp);
  return [
    {
      type: 'OrderLineQuantityChanged',
      data: { orderId: current.id, lineId: command.lineId, quantity: command.quantity, totals },
    },
  ];
};

const approve = (command: ApproveOrder, state: OrderState): OrderEvent[] => {
  const current = requirePending(command, state);
  checkApprover(command, current);
  return [
    {
      type: 'OrderApproved',
      data: {
        orderId: current.id,
        opportunityId: current.opportunityId,
        currency: current.currency,
        totalMinor: current.totals.totalMinor,
        netMinor: netOfTax(current.totals),
        approvedBy: command.by,
        automatic: false,
        policyVersion: current.policyVersion,
        approvedAt: command.at,
      },
    },
  ];
};

const reject = (command: RejectOrder, state: OrderState): OrderEvent[] => {
  const current = requirePending(command, state);
  checkApprover(command, current);
  if (isBlank(command.reason)) throw new OrderReasonRequiredError();
  return [
    {
      type: 'OrderRejected',
      data: { orderId: current.id, reason: command.reason, rejectedAt: command.at, rejectedBy: command.by },
    },
  ];
};

const fulfil = (command: FulfilOrder, state: OrderState): OrderEvent[] => {
  const current = requireExisting(command, state);
  if (current.status !== 'approved') throw new OrderNotApprovedError(current.status);
  if (!isCalendarDate(command.fulfilledOn)) throw new InvalidFulfilmentDateError(command.fulfilledOn);
  const latest = latestBusinessDate(command.at);
  if (command.fulfilledOn > latest) throw new FulfilmentDateInTheFutureError(command.fulfilledOn, latest);
  const earliest = earliestBusinessDate(current.placedAt);
  if (command.fulfilledOn < earliest) throw new FulfilledBeforePlacedError(command.fulfilledOn, earliest);
  return [
    {
      type: 'OrderFulfilled',
      data: {
        orderId: current.id,
        fulfilledOn: command.fulfilledOn,
        fulfilledAt: command.at,
        fulfilledBy: command.by,
      },
    },
  ];
};

const cancel = (command: CancelOrder, state: OrderState): OrderEvent[] => {
  const current = requireExisting(command, state);
  if (current.status !== 'pending-approval' && current.status !== 'approved') {
    throw new OrderNotCancellableError(current.status);
  }
  if (isBlank(command.reason)) throw new OrderReasonRequiredError();
  return [
    {
      type: 'OrderCancelled',
      data: { orderId: current.id, reason: command.reason, cancelledAt: command.at, cancelledBy: command.by },
    },
  ];
};

export const decide = (command: OrderCommand, state: OrderState): OrderEvent[] => {
  switch (command.type) {
    case 'PlaceOrder':
      return place(command, state);
    case 'ChangeOrderLineQuantity':
      return changeLineQuantity(command, state);
    case 'ApproveOrder':
      return approve(command, state);
    case 'RejectOrder':
      return reject(command, state);
    case 'FulfilOrder':
      return fulfil(command, state);
    case 'CancelOrder':
      return cancel(command, state);
    default:
      return exhaustive(command);
  }
};

export const orderDecider: Decider<OrderCommand, OrderState, OrderEvent> = {
  initialState,
  decide,
  evolve,
  version: 1,
};
