import type { Stage } from '../../../opportunity';

export const DEAL_FACTS = 'report_deal_facts';
export const QUOTE_FACTS = 'report_quote_facts';
/** The accounts' sectors, as the sales-facts projection has seen them: what facts copy on write. */
export const FACT_ACCOUNTS = 'report_fact_accounts';

/** A stage the deal entered, on which business day. */
export type StageEntry = { readonly stage: Stage; readonly on: string };

/** One document per opportunity: the dimensions and business dates reports group by. */
export type DealFact = {
  readonly _id: string;
  readonly _revision: number;
  readonly ownerId: string;
  /** The product code its product interest names (`GTX Pro` → `GTX-PRO`), or null. */
  readonly product: string | null;
  readonly accountId: string | null;
  /** The account's sector, lower-case, copied on write; null when unknown. */
  readonly sector: string | null;
  readonly currency: string | null;
  readonly amountMinor: number | null;
  readonly status: 'open' | 'won' | 'lost';
  readonly stage: Stage;
  readonly probability: number;
  /** YYYY-MM-DD business days. */
  readonly openedOn: string;
  readonly closedOn: string | null;
  readonly lostReason: string | null;
  readonly competitor: string | null;
  readonly stages: readonly StageEntry[];
};

/** One document per quote version. */
export type QuoteFact = {
  readonly _id: string;
  readonly _revision: number;
  readonly opportunityId: string;
  /** The owner of the quote's opportunity and its account's sector, copied from the deal's fact. */
  readonly ownerId: string | null;
  readonly sector: string | null;
  readonly currency: string;
  /** The day it was drafted (YYYY-MM-DD): quotes have no other business date. */
  readonly draftedOn: string;
  /** Product code per line id. */
  readonly lines: Readonly<Record<string, string>>;
  readonly effectiveDiscountBp: number;
  readonly submittedAt: string | null;
  /** Submitted outside the policy: a manager had to decide. */
  readonly neededManager: boolean;
  readonly decidedAt: string | null;
  readonly decision: 'approved' | 'rejected' | null;
  readonly sent: boolean;
  readonly accepted: boolean;
  readonly ordered: boolean;
};
