import { type Event, eventCodec } from '@ledger/event-sourcing/kernel';
import type { QuoteLine, QuoteTotals } from '../../pricing';

/**
 * An order placed from an accepted quote: what was agreed, priced, and who asked for it. Always
 * appended together with OrderApproved (within the policy) or OrderApprovalRequested (above it).
 */
export type OrderPlaced = Event<
  'OrderPlaced',
  {
    readonly orderId: string;
    readonly quoteId: string;
    readonly opportunityId: string;
    readonly quoteVersion: number;
    /** ISO-4217; every amount of the order is in its minor unit. */
    readonly currency: string;
    readonly lines: readonly QuoteLine[];
    readonly quoteDiscountBp: number;
    readonly taxBp: number;
    readonly totals: QuoteTotals;
    readonly placedAt: string;
    readonly placedBy: string;
    /** Who accepted the quote. */
    readonly requestedBy: string;
  }
>;

/** Why a placed order needs a person's approval. */
export type OrderApprovalReason = 'total-above-policy';

/** Placed outside the policy: waits for an approver. */
export type OrderApprovalRequested = Event<
  'OrderApprovalRequested',
  {
    readonly orderId: string;
    readonly policyVersion: string;
    readonly reasons: readonly OrderApprovalReason[];
    readonly totalMinor: number;
    readonly requestedAt: string;
  }
>;

/** Carries the opportunity, currency and total, so that the opportunity can be marked won from the event alone. */
export type OrderApproved = Event<
  'OrderApproved',
  {
    readonly orderId: string;
    readonly opportunityId: string;
    readonly currency: string;
    readonly totalMinor: number;
    /** The total before tax: what the deal is won for. */
    readonly netMinor: number;
    /** The approver's user id, or 'policy' when `automatic`. */
    readonly approvedBy: string;
    readonly automatic: boolean;
    readonly policyVersion: string;
    readonly approvedAt: string;
  }
>;

/** While pending approval only; `totals` are the order's totals after the change. */
export type OrderLineQuantityChanged = Event<
  'OrderLineQuantityChanged',
  {
    readonly orderId: string;
    readonly lineId: string;
    readonly quantity: number;
    readonly totals: QuoteTotals;
  }
>;

/** Final. */
export type OrderRejected = Event<
  'OrderRejected',
  { readonly orderId: string; readonly reason: string; readonly rejectedAt: string; readonly rejectedBy: string }
>;

export type OrderFulfilled = Event<
  'OrderFulfilled',
  {
    readonly orderId: string;
    /** YYYY-MM-DD: the day the order was fulfilled, as reported. */
    readonly fulfilledOn: string;
    readonly fulfilledAt: string;
    readonly fulfilledBy: string;
  }
>;

export type OrderCancelled = Event<
  'OrderCancelled',
  { readonly orderId: string; readonly reason: string; readonly cancelledAt: string; readonly cancelledBy: string }
>;

export type OrderEvent =
  | OrderPlaced
  | OrderApprovalRequested
  | OrderApproved
  | OrderLineQuantityChanged
  | OrderRejected
  | OrderFulfilled
  | OrderCancelled;

export type OrderEventType = OrderEvent['type'];

/**
 * Every order event type with its current schema version, and the upcasters of older ones: version
 * 1 of OrderApproved lacks `netMinor` (recorded before revenue was net of tax: its deal was won for
 * the total, tax included, which is what it reads as).
 */
export const orderEvents = eventCodec<OrderEvent>(
  {
    OrderPlaced: 1,
    OrderApprovalRequested: 1,
    OrderApproved: 2,
    OrderLineQuantityChanged: 1,
    OrderRejected: 1,
    OrderFulfilled: 1,
    OrderCancelled: 1,
  },
  { OrderApproved: { 1: (data) => ({ ...data, netMinor: data.netMinor ?? data.totalMinor }) } },
);
