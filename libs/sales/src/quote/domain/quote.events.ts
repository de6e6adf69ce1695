import { type Event, eventCodec } from '@ledger/event-sourcing/kernel';
import type { QuoteLine, QuoteTotals } from '../../pricing';

export type QuoteDrafted = Event<
  'QuoteDrafted',
  {
    readonly quoteId: string;
    readonly opportunityId: string;
    /** The account the quote is addressed to; null on quotes drafted before opportunities had account ids. */
    readonly accountId: string | null;
    /** ISO-4217; every amount of the quote is in its minor unit. */
    readonly currency: string;
    /** 1 for a new quote, previous version + 1 for a revision. */
    readonly version: number;
    readonly previousQuoteId: string | null;
    /** YYYY-MM-DD, inclusive. */
    readonly validUntil: string;
    readonly taxBp: number;
    readonly draftedAt: string;
    readonly draftedBy: string;
  }
>;

/** Line events carry the quote totals after the change, for projections. */
export type QuoteLineAdded = Event<
  'QuoteLineAdded',
  { readonly quoteId: string; readonly line: QuoteLine; readonly totals: QuoteTotals }
>;

/** `line` is the whole line after the change. */
export type QuoteLineChanged = Event<
  'QuoteLineChanged',
  { readonly quoteId: string; readonly line: QuoteLine; readonly totals: QuoteTotals }
>;

export type QuoteLineRemoved = Event<
  'QuoteLineRemoved',
  { readonly quoteId: string; readonly lineId: string; readonly totals: QuoteTotals }
>;

export type QuoteDiscountSet = Event<
  'QuoteDiscountSet',
  { readonly quoteId: string; readonly discountBp: number; readonly totals: QuoteTotals }
>;

export type QuoteTaxSet = Event<
  'QuoteTaxSet',
  { readonly quoteId: string; readonly taxBp: number; readonly totals: QuoteTotals }
>;

/** Why a submitted quote needs a person's approval. */
export type ApprovalReason = 'discount-above-policy' | 'total-above-policy';

/** Submitted outside the policy: waits for an approver. */
export type QuoteSubmittedForApproval = Event<
  'QuoteSubmittedForApproval',
  {
    readonly quoteId: string;
    readonly policyVersion: string;
    readonly reasons: readonly ApprovalReason[];
    readonly totals: QuoteTotals;
    readonly linesHash: string;
    readonly submittedAt: string;
    readonly submittedBy: string;
  }
>;

/** Submitted within the policy: always followed by QuoteApproved with `approvedBy: 'policy'`. */
export type QuoteSubmitted = Event<
  'QuoteSubmitted',
  {
    readonly quoteId: string;
    readonly policyVersion: string;
    readonly totals: QuoteTotals;
    readonly linesHash: string;
    readonly submittedAt: string;
    readonly submittedBy: string;
  }
>;

export type QuoteApproved = Event<
  'QuoteApproved',
  {
    readonly quoteId: string;
    /** The approver's user id, or 'policy' when `automatic`. */
    readonly approvedBy: string;
    readonly automatic: boolean;
    readonly policyVersion: string;
    readonly linesHash: string;
    readonly approvedAt: string;
  }
>;

export type QuoteRejected = Event<
  'QuoteRejected',
  { readonly quoteId: string; readonly reason: string; readonly rejectedAt: string; readonly rejectedBy: string }
>;

export type QuoteRecalled = Event<
  'QuoteRecalled',
  { readonly quoteId: string; readonly recalledAt: string; readonly recalledBy: string }
>;

/** An approved quote was edited: it is a draft again and must be submitted anew. */
export type QuoteApprovalVoided = Event<
  'QuoteApprovalVoided',
  { readonly quoteId: string; readonly voidedAt: string; readonly voidedBy: string }
>;

export type QuoteSent = Event<
  'QuoteSent',
  { readonly quoteId: string; readonly sentAt: string; readonly sentBy: string }
>;

/** Carries what was agreed, so that an order can be placed from the event alone. */
export type QuoteAccepted = Event<
  'QuoteAccepted',
  {
    readonly quoteId: string;
    readonly opportunityId: string;
    readonly version: number;
    readonly currency: string;
    readonly lines: readonly QuoteLine[];
    readonly quoteDiscountBp: number;
    readonly taxBp: number;
    readonly totals: QuoteTotals;
    readonly acceptedAt: string;
    readonly acceptedBy: string;
  }
>;

/**
 * No order was placed for this accepted quote: its opportunity had been marked lost when the
 * acceptance was recorded. A manager decides what follows (reopen the sale and re-quote, or tell
 * the customer); the acceptance stays in the log as it was.
 */
export type QuoteOrderWithheld = Event<
  'QuoteOrderWithheld',
  { readonly quoteId: string; readonly opportunityId: string; readonly reason: 'opportunity-lost'; readonly withheldAt: string }
>;

export type QuoteDeclined = Event<
  'QuoteDeclined',
  { readonly quoteId: string; readonly reason: string; readonly declinedAt: string; readonly declinedBy: string }
>;

export type QuoteExpired = Event<
  'QuoteExpired',
  { readonly quoteId: string; readonly validUntil: string; readonly expiredAt: string }
>;

/** A revision replaces this quote; the new quote is drafted on its own stream. */
export type QuoteSuperseded = Event<
  'QuoteSuperseded',
  { readonly quoteId: string; readonly byQuoteId: string; readonly supersededAt: string; readonly supersededBy: string }
>;

/** Carries what the opportunity needs to follow the quote's total. */
export type QuoteMarkedPrimary = Event<
  'QuoteMarkedPrimary',
  {
    readonly quoteId: string;
    readonly opportunityId: string;
    readonly currency: string;
    readonly totalMinor: number;
    /** The total before tax, which the opportunity's amount follows. */
    readonly netMinor: number;
    readonly markedAt: string;
    readonly markedBy: string;
  }
>;

export type QuoteEvent =
  | QuoteDrafted
  | QuoteLineAdded
  | QuoteLineChanged
  | QuoteLineRemoved
  | QuoteDiscountSet
  | QuoteTaxSet
  | QuoteSubmittedForApproval
  | QuoteSubmitted
  | QuoteApproved
  | QuoteRejected
  | QuoteRecalled
  | QuoteApprovalVoided
  | QuoteSent
  | QuoteAccepted
  | QuoteOrderWithheld
  | QuoteDeclined
  | QuoteExpired
  | QuoteSuperseded
  | QuoteMarkedPrimary;

export type QuoteEventType = QuoteEvent['type'];

/**
 * Every quote event type with its current schema version, and the upcasters of older ones: version 1
 * of QuoteDrafted may lack `accountId` (drafted before opportunities had account ids), and version 1
 * of QuoteMarkedPrimary `netMinor` (recorded before revenue was net of tax: the total it recorded,
 * tax included, is what the opportunity followed then).
 */
export const quoteEvents = eventCodec<QuoteEvent>(
  {
    QuoteDrafted: 2,
    QuoteLineAdded: 1,
    QuoteLineChanged: 1,
    QuoteLineRemoved: 1,
    QuoteDiscountSet: 1,
    QuoteTaxSet: 1,
    QuoteSubmittedForApproval: 1,
    QuoteSubmitted: 1,
    QuoteApproved: 1,
    QuoteRejected: 1,
    QuoteRecalled: 1,
    QuoteApprovalVoided: 1,
    QuoteSent: 1,
    QuoteAccepted: 1,
    QuoteOrderWithheld: 1,
    QuoteDeclined: 1,
    QuoteExpired: 1,
    QuoteSuperseded: 1,
    QuoteMarkedPrimary: 2,
  },
  {
    QuoteDrafted: { 1: (data) => ({ ...data, accountId: data.accountId ?? null }) },
    QuoteMarkedPrimary: { 1: (data) => ({ ...data, netMinor: data.netMinor ?? data.totalMinor }) },
  },
);
