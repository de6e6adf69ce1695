import type { QuoteLine, QuoteStatus, QuoteTotals } from '../../domain';

export const QUOTE_VIEWS = 'quote_views';
/** The owner of every opportunity, as the quote-views projection keeps it for its quotes (`_id` is the opportunity's id). */
export const QUOTE_DEAL_OWNERS = 'quote_deal_owners';

/** One document per quote version. Lines are kept by id (so a change needs no read) and in order in `lineIds`. */
export type QuoteView = {
  readonly _id: string;
  readonly _revision: number;
  readonly opportunityId: string;
  /** Who owns the opportunity now (copied when the quote is drafted, kept current when the owner changes): whose list it is in. */
  readonly ownerId: string | null;
  /** The account the quote is addressed to; null for quotes drafted before accounts had ids. */
  readonly accountId: string | null;
  readonly version: number;
  readonly previousQuoteId: string | null;
  readonly supersededByQuoteId: string | null;
  readonly status: Exclude<QuoteStatus, 'initial'>;
  readonly currency: string;
  readonly validUntil: string;
  readonly lineIds: readonly string[];
  readonly lines: Readonly<Record<string, QuoteLine>>;
  readonly quoteDiscountBp: number;
  readonly taxBp: number;
  readonly totals: QuoteTotals;
  readonly draftedAt: string;
  readonly draftedBy: string;
  /** Set while pending approval and once approved: what was submitted, when, by whom, under which policy. */
  readonly submittedAt: string | null;
  readonly submittedBy: string | null;
  readonly linesHash: string | null;
  readonly policyVersion: string | null;
  readonly approvalReasons: readonly string[];
  readonly approvedBy: string | null;
  readonly approvedAt: string | null;
  /** The last rejection, recall, decline: why and by whom. */
  readonly lastRefusal: { readonly kind: string; readonly reason: string | null; readonly by: string; readonly at: string } | null;
  readonly sentAt: string | null;
  readonly closedAt: string | null;
  readonly updatedAt: string;
};
