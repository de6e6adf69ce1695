import type { Event, Money } from '@ledger/event-sourcing/kernel';
import type { ForecastCategory, OpportunitySource, Stage, StageDirection } from './opportunity.stages';

/** How an owner was chosen when the opener named none: the rule, the pool it chose from, and the pool's size. */
export type OwnerAssignment = {
  readonly rule: string;
  readonly pool: string;
  readonly candidates: number;
};

export type OpportunityOpened = Event<
  'OpportunityOpened',
  {
    readonly opportunityId: string;
    readonly title: string;
    readonly accountId: string | null;
    readonly accountName: string | null;
    readonly ownerId: string;
    readonly amount: Money | null;
    /** YYYY-MM-DD */
    readonly expectedCloseDate: string;
    readonly source: OpportunitySource;
    readonly productInterest: string | null;
    readonly stage: Stage;
    readonly probability: number;
    readonly forecastCategory: ForecastCategory;
    readonly openedAt: string;
    readonly openedBy: string;
    /**
     * YYYY-MM-DD: the business day it was opened, which reports group by (an import's engage date;
     * otherwise the day of `openedAt`). Absent on events recorded before business dates: the day of `openedAt`.
     */
    readonly openedOn?: string;
    /** Absent on events recorded before assignment rules existed; null when the opener chose the owner. */
    readonly assignment?: OwnerAssignment | null;
  }
>;

/** Only the fields that changed are present; an absent key means "unchanged". */
export type OpportunityDetailsChanges = {
  readonly title?: string;
  readonly amount?: Money;
  readonly expectedCloseDate?: string;
  readonly productInterest?: string | null;
  readonly source?: OpportunitySource;
};

export type OpportunityDetailsUpdated = Event<
  'OpportunityDetailsUpdated',
  { readonly opportunityId: string; readonly changes: OpportunityDetailsChanges }
>;

export type OpportunityOwnerReassigned = Event<
  'OpportunityOwnerReassigned',
  { readonly opportunityId: string; readonly previousOwnerId: string; readonly ownerId: string }
>;

export type OpportunityStageChanged = Event<
  'OpportunityStageChanged',
  {
    readonly opportunityId: string;
    readonly from: Stage;
    readonly to: Stage;
    readonly direction: StageDirection;
    readonly reason: string | null;
    readonly probability: number;
    readonly forecastCategory: ForecastCategory;
    readonly changedAt: string;
  }
>;

/** Probability or forecast category changed without a change of stage. */
export type OpportunityForecastAdjusted = Event<
  'OpportunityForecastAdjusted',
  {
    readonly opportunityId: string;
    readonly probability: number;
    readonly forecastCategory: ForecastCategory;
    readonly reason: string | null;
    readonly adjustedAt: string;
  }
>;

export type OpportunityWon = Event<
  'OpportunityWon',
  {
    readonly opportunityId: string;
    readonly amount: Money;
    readonly closedAt: string;
    readonly stageAtClose: Stage;
    /** YYYY-MM-DD: the business day it was won. Absent on events recorded before business dates: the day of `closedAt`. */
    readonly closedOn?: string;
  }
>;

export type OpportunityLost = Event<
  'OpportunityLost',
  {
    readonly opportunityId: string;
    readonly reason: string;
    readonly competitor: string | null;
    readonly closedAt: string;
    readonly stageAtClose: Stage;
    /** YYYY-MM-DD: the business day it was lost. Absent on events recorded before business dates: the day of `closedAt`. */
    readonly closedOn?: string;
  }
>;

export type OpportunityReopened = Event<
  'OpportunityReopened',
  {
    readonly opportunityId: string;
    readonly stage: Stage;
    readonly probability: number;
    readonly forecastCategory: ForecastCategory;
    readonly reason: string | null;
    readonly reopenedAt: string;
  }
>;

export type OpportunityPrimaryQuoteSet = Event<
  'OpportunityPrimaryQuoteSet',
  { readonly opportunityId: string; readonly quoteId: string; readonly amount: Money }
>;

/** The primary quote's total changed, and the amount with it. */
export type OpportunityAmountSynced = Event<
  'OpportunityAmountSynced',
  { readonly opportunityId: string; readonly quoteId: string; readonly amount: Money }
>;

/** The opportunity now belongs to another account: a merge of duplicates, or a correction. */
export type OpportunityAccountChanged = Event<
  'OpportunityAccountChanged',
  {
    readonly opportunityId: string;
    readonly previousAccountId: string | null;
    readonly accountId: string;
    readonly accountName: string | null;
    readonly reason: 'merge' | 'correction';
    readonly changedAt: string;
  }
>;

export type OpportunityEvent =
  | OpportunityOpened
  | OpportunityDetailsUpdated
  | OpportunityOwnerReassigned
  | OpportunityStageChanged
  | OpportunityForecastAdjusted
  | OpportunityWon
  | OpportunityLost
  | OpportunityReopened
  | OpportunityPrimaryQuoteSet
  | OpportunityAmountSynced
  | OpportunityAccountChanged;

export type OpportunityEventType = OpportunityEvent['type'];

export const OPPORTUNITY_EVENT_TYPES: readonly OpportunityEventType[] = [
  'OpportunityOpened',
  'OpportunityDetailsUpdated',
  'OpportunityOwnerReassigned',
  'OpportunityStageChanged',
  'OpportunityForecastAdjusted',
  'OpportunityWon',
  'OpportunityLost',
  'OpportunityReopened',
  'OpportunityPrimaryQuoteSet',
  'OpportunityAmountSynced',
  'OpportunityAccountChanged',
];

/** The business day an opportunity was opened, also for events recorded before business dates. */
export const openedOnOf = (data: OpportunityOpened['data']): string => data.openedOn ?? data.openedAt.slice(0, 10);

/** The business day an opportunity was won or lost, also for events recorded before business dates. */
export const closedOnOf = (data: OpportunityWon['data'] | OpportunityLost['data']): string =>
  data.closedOn ?? data.closedAt.slice(0, 10);
