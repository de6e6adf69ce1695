import type { ReadStore } from '@ledger/read-store';
import type { ForecastCategory, OpportunitySource, OwnerAssignment, Stage } from '../../domain';

export const OPPORTUNITY_VIEWS = 'opportunity_views';
/** The names the views copy, kept by the same projection: `{ _id: accountId, name }`, `{ _id: userId, name }`. */
export const OPPORTUNITY_ACCOUNT_NAMES = 'opportunity_view_account_names';
export const OPPORTUNITY_OWNER_NAMES = 'opportunity_view_owner_names';
export type NameDocument = { readonly _id: string; readonly _revision: number; readonly name: string };

export type StageStep = {
  readonly stage: Stage;
  readonly enteredAt: string;
  readonly by: string;
  readonly how: 'opened' | 'forward' | 'backward' | 'reopened' | 'won' | 'lost';
  readonly reason: string | null;
};

/** One document per opportunity; pipeline and forecast aggregate over these. */
export type OpportunityView = {
  readonly _id: string;
  readonly _revision: number;
  readonly title: string;
  /** The distinct words of the title and of the account's name, for `?q=` (bookkeeping, not shown). */
  readonly titleWords?: readonly string[];
  readonly accountWords?: readonly string[];
  readonly accountId: string | null;
  /** The account's current name: renames follow. */
  readonly accountName: string | null;
  /** The account stream's revision that `accountName` is from: an older rename delivered again changes nothing. */
  readonly accountNameRevision?: number | null;
  /** Every account it has belonged to (a merge moves it), so each keeps the deal in its history. */
  readonly accountIds?: readonly string[];
  readonly ownerId: string;
  /** The owner's name in the team directory; null while they are not in it. */
  readonly ownerName: string | null;
  /** The owner's team-member stream revision that `ownerName` is from. */
  readonly ownerNameRevision?: number | null;
  /** How the owner was chosen when the opener named none. */
  readonly assignment?: OwnerAssignment | null;
  readonly status: 'open' | 'won' | 'lost';
  readonly stage: Stage;
  readonly probability: number;
  readonly forecastCategory: ForecastCategory;
  readonly amountMinor: number | null;
  readonly currency: string | null;
  readonly expectedCloseDate: string;
  readonly expectedCloseMonth: string;
  readonly source: OpportunitySource;
  readonly productInterest: string | null;
  readonly openedAt: string;
  readonly openedBy: string;
  /** YYYY-MM-DD: the business day it was opened. */
  readonly openedOn: string;
  readonly closedAt: string | null;
  /** YYYY-MM-DD: the business day it was won or lost. */
  readonly closedOn: string | null;
  /** The month of `closedOn`. */
  readonly closedMonth: string | null;
  readonly lostReason: string | null;
  readonly competitor: string | null;
  /** The quote whose total the amount follows. */
  readonly primaryQuoteId: string | null;
  readonly updatedAt: string;
  readonly stageHistory: readonly StageStep[];
};

/** Who owns an opportunity as its view says, by its primary key; null while it is not projected (or does not exist). */
export const opportunityOwnerOf = async (readStore: ReadStore, opportunityId: string): Promise<string | null> =>
  (await readStore.findOne<OpportunityView>(OPPORTUNITY_VIEWS, { _id: opportunityId }))?.ownerId ?? null;
