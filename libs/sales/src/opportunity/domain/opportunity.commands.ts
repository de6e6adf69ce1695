import type { Money } from '@ledger/event-sourcing/kernel';
import type { OwnerAssignment } from './opportunity.events';
import type { ForecastCategory, OpportunitySource, Stage } from './opportunity.stages';

/** Every command names its opportunity and says when (`at`, ISO-8601 instant) and by whom (`by`, user id). */
type CommandBase<Type extends string> = {
  readonly type: Type;
  readonly opportunityId: string;
  readonly at: string;
  readonly by: string;
};

export type OpenOpportunity = CommandBase<'OpenOpportunity'> & {
  readonly title: string;
  readonly accountId: string;
  /** The account's name when opened, kept on the opportunity for display. */
  readonly accountName: string | null;
  readonly ownerId: string;
  readonly amount: Money | null;
  /** YYYY-MM-DD */
  readonly expectedCloseDate: string;
  readonly source: OpportunitySource;
  readonly productInterest: string | null;
  readonly stage?: Stage;
  readonly probability?: number;
  readonly forecastCategory?: ForecastCategory;
  /** Set when an assignment rule chose the owner. */
  readonly assignment?: OwnerAssignment | null;
  /** YYYY-MM-DD: the business day it was opened (an import's engage date); the day of `at` when absent. */
  readonly openedOn?: string;
};

/** Absent fields are left as they are. */
export type UpdateOpportunityDetails = CommandBase<'UpdateOpportunityDetails'> & {
  readonly title?: string;
  readonly amount?: Money;
  readonly expectedCloseDate?: string;
  readonly productInterest?: string | null;
  readonly source?: OpportunitySource;
};

export type ReassignOwner = CommandBase<'ReassignOwner'> & {
  readonly ownerId: string;
};

export type ChangeStage = CommandBase<'ChangeStage'> & {
  readonly stage: Stage;
  readonly reason: string | null;
  readonly probability?: number;
  readonly forecastCategory?: ForecastCategory;
};

export type MarkWon = CommandBase<'MarkWon'> & {
  /** The final amount; the current amount when absent. */
  readonly amount?: Money;
  /** YYYY-MM-DD: the business day it was won; the day of `at` when absent, never in the future (at the latest the day after it, for time zones ahead of UTC). */
  readonly closedOn?: string;
};

export type MarkLost = CommandBase<'MarkLost'> & {
  readonly reason: string;
  readonly competitor: string | null;
  /** YYYY-MM-DD: the business day it was lost; the day of `at` when absent, never in the future (at the latest the day after it, for time zones ahead of UTC). */
  readonly closedOn?: string;
};

export type Reopen = CommandBase<'Reopen'> & {
  readonly reason: string | null;
  /** The stage it was lost in when absent. */
  readonly stage?: Stage;
};

/** A quote became the opportunity's primary quote: its total becomes the opportunity's amount. */
export type SetPrimaryQuote = CommandBase<'SetPrimaryQuote'> & {
  readonly quoteId: string;
  readonly amount: Money;
};

/** A quote's total changed; the amount follows only if that quote is the primary one. */
export type SyncQuoteAmount = CommandBase<'SyncQuoteAmount'> & {
  readonly quoteId: string;
  readonly amount: Money;
};

/** Moves the opportunity to another account (the one its account was merged into, or a correction). */
export type ChangeOpportunityAccount = CommandBase<'ChangeOpportunityAccount'> & {
  readonly accountId: string;
  readonly accountName: string | null;
  readonly reason: 'merge' | 'correction';
  /** Move only if it is still on this account (a merge that someone else's move has overtaken changes nothing). */
  readonly onlyFromAccountId?: string;
};

export type OpportunityCommand =
  | OpenOpportunity
  | UpdateOpportunityDetails
  | ReassignOwner
  | ChangeStage
  | MarkWon
  | MarkLost
  | Reopen
  | SetPrimaryQuote
  | SyncQuoteAmount
  | ChangeOpportunityAccount;
