import { netOfTax, type QuoteTotals } from '../../../pricing';

/** One document per quote and per order: what a manager sees of it while it waits (`pending`). */
export const APPROVAL_QUEUE = 'approval_queue';
/** What the queue copies into its documents, kept by the same projection: opportunity titles and accounts, account and member names. */
export const APPROVAL_OPPORTUNITIES = 'approval_opportunities';
export const APPROVAL_ACCOUNTS = 'approval_accounts';
export const APPROVAL_MEMBERS = 'approval_members';

export type ApprovalQueueDocument = {
  readonly _id: string;
  /** The quote's or the order's stream revision: what a manager sends as If-Match. */
  readonly _revision: number;
  readonly kind: 'quote' | 'order';
  readonly pending: boolean;
  readonly opportunityId: string;
  readonly title: string | null;
  readonly accountId: string | null;
  readonly accountName: string | null;
  readonly submittedAt: string | null;
  readonly submittedBy: string | null;
  readonly submitterName: string | null;
  readonly reasons: readonly string[];
  readonly currency: string;
  readonly totals: QuoteTotals | null;
  readonly linesHash: string | null;
  readonly updatedAt: string;
};

/** A pending quote or order as the queue answers it: enough to decide on without another call. */
export type ApprovalItem = {
  readonly kind: 'quote' | 'order';
  readonly id: string;
  readonly opportunityId: string;
  readonly title: string | null;
  readonly accountId: string | null;
  readonly accountName: string | null;
  /** Who asked for the approval, with their name in the team directory (null when they are not in it). */
  readonly rep: { readonly id: string; readonly name: string | null };
  readonly submittedAt: string;
  /** Milliseconds since submission, at the time of the query. */
  readonly ageMs: number;
  readonly reasons: readonly string[];
  readonly currency: string;
  /** Net of discounts and before tax, the tax, and what the customer pays (net + tax); minor units. */
  readonly totals: { readonly netMinor: number; readonly taxMinor: number; readonly grossMinor: number };
  /** Line and quote discounts together, in minor units and in basis points of the list value. */
  readonly discount: { readonly effectiveBp: number; readonly amountMinor: number };
  /** The hash a manager may send with the approval: it is refused if the content changed since. */
  readonly linesHash: string | null;
  readonly revision: number;
};

export const toApprovalItem = (document: ApprovalQueueDocument, now: Date): ApprovalItem => {
  const totals = document.totals;
  return {
    kind: document.kind,
    id: document._id,
    opportunityId: document.opportunityId,
    title: document.title,
    accountId: document.accountId,
    accountName: document.accountName,
    rep: { id: document.submittedBy ?? '', name: document.submitterName },
    submittedAt: document.submittedAt ?? '',
    ageMs: Math.max(0, now.getTime() - Date.parse(document.submittedAt ?? '')),
    reasons: document.reasons,
    currency: document.currency,
    totals: {
      netMinor: totals ? netOfTax(totals) : 0,
      taxMinor: totals?.taxMinor ?? 0,
      grossMinor: totals?.totalMinor ?? 0,
    },
    discount: { effectiveBp: totals?.effectiveDiscountBp ?? 0, amountMinor: totals ? totals.lineDiscountMinor + totals.quoteDiscountMinor : 0 },
    linesHash: document.linesHash,
    revision: document._revision,
  };
};
