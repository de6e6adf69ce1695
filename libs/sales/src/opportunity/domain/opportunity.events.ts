import { type Event, eventCodec, type Money } from '@ledger/event-sourcing/kernel';
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
    /** YYYY-MM-DD: the business day it was opened, which reports group by (an import's engage date; otherwise the day of `openedAt`). */
    readonly openedOn: string;
    /** Null when the opener chose the owner. */
    readonly assignment: OwnerAssignment | null;
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
    /** YYYY-MM-DD: the business day it was won. */
    readonly closedOn: string;
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
    /** YYYY-MM-DD: the business day it was lost. */
    readonly closedOn: string;
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

/** The day of an instant, for the business dates of events recorded before they had one. */
const dayOf = (instant: unknown): string => String(instant).slice(0, 10);

/**
 * Every opportunity event type with its current schema version, and the upcasters of older ones:
 * version 1 of OpportunityOpened may lack `assignment` (recorded before assignment rules: the
 * opener chose the owner) and `openedOn` (before business dates: the day it was recorded), and
 * version 1 of OpportunityWon and OpportunityLost `closedOn` (likewise).
 */
export const opportunityEvents = eventCodec<OpportunityEvent>(
  {
    OpportunityOpened: 2,
    OpportunityDetailsUpdated: 1,
    OpportunityOwnerReassigned: 1,
    OpportunityStageChanged: 1,
    OpportunityForecastAdjusted: 1,
    OpportunityWon: 2,
    OpportunityLost: 2,
    OpportunityReopened: 1,
    OpportunityPrimaryQuoteSet: 1,
    OpportunityAmountSynced: 1,
    OpportunityAccountChanged: 1,
  },
  {
    OpportunityOpened: {
      1: (data) => ({ ...data, assignment: data.assignment ?? null, openedOn: data.openedOn ?? dayOf(data.openedAt) }),
    },
    OpportunityWon: { 1: (data) => ({ ...data, closedOn: data.closedOn ?? dayOf(data.closedAt) }) },
    OpportunityLost: { 1: (data) => ({ ...data, closedOn: data.closedOn ?? dayOf(data.closedAt) }) },
  },
);
