import { exhaustive, type Money } from '@ledger/event-sourcing/kernel';
import type { OpportunityEvent } from './opportunity.events';
import {
  type ForecastCategory,
  LOST_DEFAULTS,
  type OpportunitySource,
  type Stage,
  WON_DEFAULTS,
} from './opportunity.stages';

/** What every existing opportunity knows about itself, whatever its status. */
export type OpportunityFacts = {
  readonly id: string;
  readonly title: string;
  readonly accountId: string | null;
  readonly accountName: string | null;
  readonly ownerId: string;
  readonly amount: Money | null;
  readonly expectedCloseDate: string;
  readonly openedAt: string;
  /** YYYY-MM-DD: the business day it was opened. */
  readonly openedOn: string;
  readonly source: OpportunitySource;
  readonly productInterest: string | null;
  readonly stage: Stage;
  readonly probability: number;
  readonly forecastCategory: ForecastCategory;
  /** The quote whose total the amount follows; null until a quote is marked primary. */
  readonly primaryQuoteId: string | null;
};

export type InitialOpportunityState = { readonly status: 'initial' };
export type OpenOpportunityState = { readonly status: 'open' } & OpportunityFacts;
export type WonOpportunityState = {
  readonly status: 'won';
  readonly closedAt: string;
  readonly closedOn: string;
} & OpportunityFacts;
export type LostOpportunityState = {
  readonly status: 'lost';
  readonly closedAt: string;
  readonly closedOn: string;
  readonly stageAtLoss: Stage;
} & OpportunityFacts;

export type OpportunityState =
  InitialOpportunityState | OpenOpportunityState | WonOpportunityState | LostOpportunityState;

export const initialState = (): OpportunityState => ({ status: 'initial' });

const factsOf = (state: OpenOpportunityState | WonOpportunityState | LostOpportunityState): OpportunityFacts => ({
  id: state.id,
  title: state.title,
  accountId: state.accountId,
  accountName: state.accountName,
  ownerId: state.ownerId,
  amount: state.amount,
  expectedCloseDate: state.expectedCloseDate,
  openedAt: state.openedAt,
  openedOn: state.openedOn,
  source: state.source,
  productInterest: state.productInterest,
  stage: state.stage,
  probability: state.probability,
  forecastCategory: state.forecastCategory,
  primaryQuoteId: state.primaryQuoteId,
});

/**
 * Events come from the log, so they are trusted: an event that makes no sense in the current state
 * (which `decide` never produces) leaves the state as it is instead of breaking every later load.
 */
export const evolve = (state: OpportunityState, event: OpportunityEvent): OpportunityState => {
  if (event.type === 'OpportunityOpened') {
    const e = event.data;
    return {
      status: 'open',
      id: e.opportunityId,
      title: e.title,
      accountId: e.accountId,
      accountName: e.accountName,
      ownerId: e.ownerId,
      amount: e.amount,
      expectedCloseDate: e.expectedCloseDate,
      openedAt: e.openedAt,
      openedOn: e.openedOn,
      source: e.source,
      productInterest: e.productInterest,
      stage: e.stage,
      probability: e.probability,
      forecastCategory: e.forecastCategory,
      primaryQuoteId: null,
    };
  }
  if (state.status === 'initial') return state;

  switch (event.type) {
    case 'OpportunityDetailsUpdated':
      return { ...state, ...event.data.changes };
    case 'OpportunityOwnerReassigned':
      return { ...state, ownerId: event.data.ownerId };
    case 'OpportunityStageChanged': {
      const { to, probability, forecastCategory } = event.data;
      return { ...state, stage: to, probability, forecastCategory };
    }
    case 'OpportunityForecastAdjusted': {
      const { probability, forecastCategory } = event.data;
      return { ...state, probability, forecastCategory };
    }
    case 'OpportunityWon':
      return {
        ...factsOf(state),
        ...WON_DEFAULTS,
        status: 'won',
        amount: event.data.amount,
        closedAt: event.data.closedAt,
        closedOn: event.data.closedOn,
      };
    case 'OpportunityLost':
      return {
        ...factsOf(state),
        ...LOST_DEFAULTS,
        status: 'lost',
        closedAt: event.data.closedAt,
        closedOn: event.data.closedOn,
        stageAtLoss: event.data.stageAtClose,
      };
    case 'OpportunityReopened': {
      const { stage, probability, forecastCategory } = event.data;
      return { ...factsOf(state), status: 'open', stage, probability, forecastCategory };
    }
    case 'OpportunityPrimaryQuoteSet':
      return { ...state, primaryQuoteId: event.data.quoteId, amount: event.data.amount };
    case 'OpportunityAmountSynced':
      return { ...state, amount: event.data.amount };
    case 'OpportunityAccountChanged':
      return { ...state, accountId: event.data.accountId, accountName: event.data.accountName };
    default:
      return exhaustive(event);
  }
};
