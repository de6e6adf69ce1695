import type { QuoteLine } from '../../pricing';

/** Every command names its order and says when (`at`, ISO-8601 instant) and by whom (`by`, user id). */
type CommandBase<Type extends string> = {
  readonly type: Type;
  readonly orderId: string;
  readonly at: string;
  readonly by: string;
};

/** The order approval policy in force, supplied by the application. */
export type OrderApprovalPolicy = {
  readonly version: string;
  /** Up to this total (minor units, tax included) an order is approved automatically; above it a person must approve. */
  readonly maxTotalMinor: number;
};

/** What an accepted quote agreed; the totals are computed from the lines, discount and tax. */
export type PlaceOrder = CommandBase<'PlaceOrder'> & {
  readonly quoteId: string;
  readonly opportunityId: string;
  readonly quoteVersion: number;
  /** ISO-4217, e.g. 'USD'. */
  readonly currency: string;
  readonly lines: readonly QuoteLine[];
  readonly quoteDiscountBp: number;
  readonly taxBp: number;
  /** Who accepted the quote. */
  readonly requestedBy: string;
  readonly policy: OrderApprovalPolicy;
};

/** While the order waits for approval only. */
export type ChangeOrderLineQuantity = CommandBase<'ChangeOrderLineQuantity'> & {
  readonly lineId: string;
  readonly quantity: number;
};

/** The role check (manager) is the application's. */
export type ApproveOrder = CommandBase<'ApproveOrder'>;

export type RejectOrder = CommandBase<'RejectOrder'> & { readonly reason: string };

export type FulfilOrder = CommandBase<'FulfilOrder'> & {
  /** YYYY-MM-DD: the business day it was fulfilled; never in the future (at the latest the day after the UTC day of `at`). */
  readonly fulfilledOn: string;
};

export type CancelOrder = CommandBase<'CancelOrder'> & { readonly reason: string };

export type OrderCommand =
  PlaceOrder | ChangeOrderLineQuantity | ApproveOrder | RejectOrder | FulfilOrder | CancelOrder;
