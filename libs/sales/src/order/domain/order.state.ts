import { exhaustive } from '@ledger/event-sourcing/kernel';
import { type OrderEvent, orderEvents } from './order.events';
import type { QuoteLine, QuoteTotals } from '../../pricing';

/** What every existing order knows about itself, whatever its status. */
export type OrderFacts = {
  readonly id: string;
  readonly quoteId: string;
  readonly opportunityId: string;
  readonly quoteVersion: number;
  readonly currency: string;
  /** In quote order. */
  readonly lines: readonly QuoteLine[];
  readonly quoteDiscountBp: number;
  readonly taxBp: number;
  /** As recorded by the last pricing event. */
  readonly totals: QuoteTotals;
  readonly placedAt: string;
  readonly placedBy: string;
  /** Who accepted the quote. */
  readonly requestedBy: string;
  /**
   * The approval policy the order was routed by. null only right after OrderPlaced and before the
   * OrderApproved or OrderApprovalRequested that `decide` always appends with it.
   */
  readonly policyVersion: string | null;
};

/** Who approved and when: known once approved. */
export type OrderApproval = {
  /** The approver's user id, or 'policy' when `automatic`. */
  readonly approvedBy: string;
  readonly automatic: boolean;
  readonly approvedAt: string;
};

export type InitialOrderState = { readonly status: 'initial' };
export type PendingApprovalOrderState = { readonly status: 'pending-approval' } & OrderFacts;
export type ApprovedOrderState = { readonly status: 'approved' } & OrderFacts & OrderApproval;
export type FulfilledOrderState = {
  readonly status: 'fulfilled';
  readonly fulfilledOn: string;
  readonly fulfilledAt: string;
  readonly fulfilledBy: string;
} & OrderFacts &
  OrderApproval;
export type CancelledOrderState = {
  readonly status: 'cancelled';
  readonly cancellationReason: string;
  readonly cancelledAt: string;
  readonly cancelledBy: string;
} & OrderFacts;
export type RejectedOrderState = {
  readonly status: 'rejected';
  readonly rejectionReason: string;
  readonly rejectedAt: string;
  readonly rejectedBy: string;
} & OrderFacts;

export type OrderState =
  | InitialOrderState
  | PendingApprovalOrderState
  | ApprovedOrderState
  | FulfilledOrderState
  | CancelledOrderState
  | RejectedOrderState;

export type OrderStatus = OrderState['status'];

export type ExistingOrderState = Exclude<OrderState, InitialOrderState>;

export const initialState = (): OrderState => ({ status: 'initial' });

export const factsOf = (state: ExistingOrderState): OrderFacts => ({
  id: state.id,
  quoteId: state.quoteId,
  opportunityId: state.opportunityId,
  quoteVersion: state.quoteVersion,
  currency: state.currency,
  lines: state.lines,
  quoteDiscountBp: state.quoteDiscountBp,
  taxBp: state.taxBp,
  totals: state.totals,
  placedAt: state.placedAt,
  placedBy: state.placedBy,
  requestedBy: state.requestedBy,
  policyVersion: state.policyVersion,
});

/**
 * Events come from the log, so they are trusted: an event that makes no sense in the current state
 * (which `decide` never produces), or of a type this version does not know, leaves the state as it
 * is instead of breaking every later load.
 */
export const evolve = (state: OrderState, event: OrderEvent): OrderState => {
  if (!orderEvents.handles(event.type)) return state;
  if (event.type === 'OrderPlaced') {
    if (state.status !== 'initial') return state;
    const e = event.data;
    return {
      status: 'pending-approval',
      id: e.orderId,
      quoteId: e.quoteId,
      opportunityId: e.opportunityId,
      quoteVersion: e.quoteVersion,
      currency: e.currency,
      lines: e.lines,
      quoteDiscountBp: e.quoteDiscountBp,
      taxBp: e.taxBp,
      totals: e.totals,
      placedAt: e.placedAt,
      placedBy: e.placedBy,
      requestedBy: e.requestedBy,
      policyVersion: null,
    };
  }
  if (state.status === 'initial') return state;

  switch (event.type) {
    case 'OrderApprovalRequested':
      if (state.status !== 'pending-approval') return state;
      return { ...state, policyVersion: event.data.policyVersion };
    case 'OrderApproved':
      if (state.status !== 'pending-approval') return state;
      return {
        ...factsOf(state),
        status: 'approved',
        policyVersion: event.data.policyVersion,
        approvedBy: event.data.approvedBy,
        automatic: event.data.automatic,
        approvedAt: event.data.approvedAt,
      };
    case 'OrderLineQuantityChanged': {
      const { lineId, quantity, totals } = event.data;
      if (state.status !== 'pending-approval' || !state.lines.some((l) => l.lineId === lineId)) return state;
      return { ...state, lines: state.lines.map((l) => (l.lineId === lineId ? { ...l, quantity } : l)), totals };
    }
    case 'OrderRejected':
      if (state.status !== 'pending-approval') return state;
      return {
        ...factsOf(state),
        status: 'rejected',
        rejectionReason: event.data.reason,
        rejectedAt: event.data.rejectedAt,
        rejectedBy: event.data.rejectedBy,
      };
    case 'OrderFulfilled':
      if (state.status !== 'approved') return state;
      return {
        ...state,
        status: 'fulfilled',
        fulfilledOn: event.data.fulfilledOn,
        fulfilledAt: event.data.fulfilledAt,
        fulfilledBy: event.data.fulfilledBy,
      };
    case 'OrderCancelled':
      if (state.status !== 'pending-approval' && state.status !== 'approved') return state;
      return {
        ...factsOf(state),
        status: 'cancelled',
        cancellationReason: event.data.reason,
        cancelledAt: event.data.cancelledAt,
        cancelledBy: event.data.cancelledBy,
      };
    default:
      return exhaustive(event);
  }
};
