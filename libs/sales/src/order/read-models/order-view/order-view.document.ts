import type { QuoteLine, QuoteTotals } from '../../../pricing';
import type { OrderStatus } from '../../domain';

export const ORDER_VIEWS = 'order_views';
/** The owner of every opportunity, as the order-views projection keeps it for its orders (`_id` is the opportunity's id). */
export const ORDER_DEAL_OWNERS = 'order_deal_owners';

/** One document per order; lines by id and in order, as in the quote view. */
export type OrderView = {
  readonly _id: string;
  readonly _revision: number;
  readonly quoteId: string;
  readonly quoteVersion: number;
  readonly opportunityId: string;
  /** Who owns the opportunity now (copied when the order is placed, kept current when the owner changes): whose list it is in. */
  readonly ownerId: string | null;
  readonly status: Exclude<OrderStatus, 'initial'>;
  readonly currency: string;
  readonly lineIds: readonly string[];
  readonly lines: Readonly<Record<string, QuoteLine>>;
  readonly quoteDiscountBp: number;
  readonly taxBp: number;
  readonly totals: QuoteTotals;
  readonly placedAt: string;
  readonly placedBy: string;
  readonly requestedBy: string;
  /** When approval was asked for (pending orders), for the approvals queue. */
  readonly submittedAt: string | null;
  readonly approvalReasons: readonly string[];
  readonly policyVersion: string | null;
  readonly approvedBy: string | null;
  readonly approvedAt: string | null;
  readonly fulfilledOn: string | null;
  readonly closedReason: string | null;
  readonly closedAt: string | null;
  readonly updatedAt: string;
};
