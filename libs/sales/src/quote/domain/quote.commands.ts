import type { QuoteLine } from '../../pricing';

/** Every command names its quote and says when (`at`, ISO-8601 instant) and by whom (`by`, user id). */
type CommandBase<Type extends string> = {
  readonly type: Type;
  readonly quoteId: string;
  readonly at: string;
  readonly by: string;
};

export type DraftQuote = CommandBase<'DraftQuote'> & {
  readonly opportunityId: string;
  /** The opportunity's account when the quote is drafted: a quote is addressed to an account. */
  readonly accountId?: string | null;
  /** ISO-4217, e.g. 'USD'. */
  readonly currency: string;
  /** 1 for a new quote; a revision (issued by the application after ReviseQuote) has the previous version + 1. */
  readonly version: number;
  /** null for version 1; the revised quote otherwise. */
  readonly previousQuoteId: string | null;
  /** YYYY-MM-DD, inclusive; not before the day of `at`. */
  readonly validUntil: string;
  readonly taxBp: number;
  /** A revision starts as a copy of what the previous version offered. */
  readonly copyOf?: { readonly lines: readonly QuoteLine[]; readonly quoteDiscountBp: number };
};

export type AddLine = CommandBase<'AddLine'> & QuoteLine;

/** Absent fields are left as they are. */
export type ChangeLine = CommandBase<'ChangeLine'> & {
  readonly lineId: string;
  readonly quantity?: number;
  readonly unitPriceMinor?: number;
  readonly discountBasisPoints?: number;
};

export type RemoveLine = CommandBase<'RemoveLine'> & { readonly lineId: string };

export type SetQuoteDiscount = CommandBase<'SetQuoteDiscount'> & { readonly discountBp: number };

export type SetTax = CommandBase<'SetTax'> & { readonly taxBp: number };

/** The approval policy in force, supplied by the application. */
export type ApprovalPolicy = {
  readonly version: string;
  /** Above this effective discount a person must approve; 1000 (10 %) when absent. */
  readonly maxDiscountBp?: number;
  /** Above this total (minor units, tax included) a person must approve. */
  readonly maxTotalMinor: number;
};

export const DEFAULT_MAX_DISCOUNT_BP = 1000;

export type SubmitQuote = CommandBase<'SubmitQuote'> & { readonly policy: ApprovalPolicy };

/**
 * The role check (manager) is the application's. `linesHash` is the hash of what the approver
 * reviewed; when given, the approval is refused if the quote no longer hashes to it.
 */
export type ApproveQuote = CommandBase<'ApproveQuote'> & { readonly linesHash?: string };

export type RejectQuote = CommandBase<'RejectQuote'> & { readonly reason: string };

export type RecallQuote = CommandBase<'RecallQuote'>;

export type SendQuote = CommandBase<'SendQuote'>;

export type AcceptQuote = CommandBase<'AcceptQuote'>;

/**
 * Issued by the process that places the order of an accepted quote, when the quote's opportunity
 * was lost by then (a loss recorded between the acceptance's check and its append): no order.
 */
export type WithholdOrder = CommandBase<'WithholdOrder'> & { readonly reason: 'opportunity-lost' };

export type DeclineQuote = CommandBase<'DeclineQuote'> & { readonly reason: string };

export type ExpireQuote = CommandBase<'ExpireQuote'>;

export type ReviseQuote = CommandBase<'ReviseQuote'> & { readonly newQuoteId: string };

/** Its total becomes the opportunity's amount (a process manager tells the opportunity). */
export type MarkQuotePrimary = CommandBase<'MarkQuotePrimary'>;

export type QuoteCommand =
  | DraftQuote
  | AddLine
  | ChangeLine
  | RemoveLine
  | SetQuoteDiscount
  | SetTax
  | SubmitQuote
  | ApproveQuote
  | RejectQuote
  | RecallQuote
  | SendQuote
  | AcceptQuote
  | WithholdOrder
  | DeclineQuote
  | ExpireQuote
  | ReviseQuote
  | MarkQuotePrimary;
