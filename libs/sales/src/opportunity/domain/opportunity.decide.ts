import {
  calendarDate,
  checkMoney,
  type Decider,
  exhaustive,
  isCalendarDate,
  latestBusinessDate,
  type Money,
  sameMoney,
} from '@ledger/event-sourcing/kernel';
import type {
  ChangeOpportunityAccount,
  ChangeStage,
  MarkLost,
  MarkWon,
  OpenOpportunity,
  OpportunityCommand,
  ReassignOwner,
  Reopen,
  SetPrimaryQuote,
  SyncQuoteAmount,
  UpdateOpportunityDetails,
} from './opportunity.commands';
import {
  AccountRequiredError,
  BackwardStageRequiresReasonError,
  BusinessDateInTheFutureError,
  CloseDateBeforeOpenDateError,
  ClosedBeforeOpenedError,
  ClosedForecastCategoryReservedError,
  CurrencyChangeNotAllowedError,
  InvalidBusinessDateError,
  InvalidOpportunitySourceError,
  InvalidProbabilityError,
  LostReasonRequiredError,
  OnlyLostCanBeReopenedError,
  OpportunityAlreadyExistsError,
  OpportunityClosedError,
  OpportunityNotFoundError,
  TitleRequiredError,
  WonRequiresPositiveAmountError,
} from './opportunity.errors';
import type { OpportunityDetailsChanges, OpportunityEvent } from './opportunity.events';
import {
  type ForecastCategory,
  type ForecastDefaults,
  OPPORTUNITY_SOURCES,
  type OpportunitySource,
  STAGE_DEFAULTS,
  type Stage,
  compareStages,
} from './opportunity.stages';
import {
  evolve,
  initialState,
  type LostOpportunityState,
  type OpenOpportunityState,
  type OpportunityState,
  type WonOpportunityState,
} from './opportunity.state';

type ExistingState = OpenOpportunityState | WonOpportunityState | LostOpportunityState;

const isBlank = (text: string | null): boolean => text === null || text.trim() === '';

const requireExisting = (command: OpportunityCommand, state: OpportunityState): ExistingState => {
  if (state.status === 'initial') throw new OpportunityNotFoundError(command.opportunityId);
  return state;
};

const requireOpen = (command: OpportunityCommand, state: OpportunityState): OpenOpportunityState => {
  const existing = requireExisting(command, state);
  if (existing.status !== 'open') throw new OpportunityClosedError(existing.status);
  return existing;
};

const checkCloseDate = (expectedCloseDate: string, openDate: string): void => {
  if (!isCalendarDate(expectedCloseDate)) throw new InvalidBusinessDateError('expectedCloseDate', expectedCloseDate);
  // YYYY-MM-DD strings compare in calendar order.
  if (expectedCloseDate < openDate) throw new CloseDateBeforeOpenDateError(expectedCloseDate, openDate);
};

/**
 * A business day that says when something happened: a real date, and not in the future: at the
 * latest the UTC day the command is recorded plus one, which is today where the caller's day is ahead.
 */
const businessDate = (field: string, given: string | undefined, at: string): string => {
  if (given === undefined) return calendarDate(at);
  if (!isCalendarDate(given)) throw new InvalidBusinessDateError(field, given);
  if (given > latestBusinessDate(at)) throw new BusinessDateInTheFutureError(field, given, latestBusinessDate(at));
  return given;
};

const closingDate = (command: MarkWon | MarkLost, opened: OpenOpportunityState): string => {
  const closedOn = businessDate('closedOn', command.closedOn, command.at);
  if (closedOn < opened.openedOn) throw new ClosedBeforeOpenedError(closedOn, opened.openedOn);
  return closedOn;
};

const checkCurrency = (current: Money | null, requested: Money | undefined): void => {
  if (current !== null && requested !== undefined && requested.currency !== current.currency) {
    throw new CurrencyChangeNotAllowedError(current.currency, requested.currency);
  }
};

const checkForecastOverrides = (probability?: number, forecastCategory?: ForecastCategory): void => {
  if (probability !== undefined && !(Number.isInteger(probability) && probability >= 0 && probability <= 99)) {
    throw new InvalidProbabilityError(probability);
  }
  if (forecastCategory === 'closed') throw new ClosedForecastCategoryReservedError();
};

/** Sources arrive from JSON and CSV, so the type alone does not guarantee one of OPPORTUNITY_SOURCES. */
const checkSource = (source: OpportunitySource): void => {
  if (!(OPPORTUNITY_SOURCES as readonly unknown[]).includes(source)) throw new InvalidOpportunitySourceError(source);
};

const forecastFor = (stage: Stage, probability?: number, forecastCategory?: ForecastCategory): ForecastDefaults => ({
  probability: probability ?? STAGE_DEFAULTS[stage].probability,
  forecastCategory: forecastCategory ?? STAGE_DEFAULTS[stage].forecastCategory,
});

/** What an opening says of itself, apart from its account and owner, which may still be to find. */
export type OpeningDetails = Pick<OpenOpportunity, 'title' | 'expectedCloseDate' | 'source' | 'openedOn' | 'probability' | 'forecastCategory' | 'at'>;

/**
 * The rules an opening must pass whatever its account and owner turn out to be: checked again by
 * `decide`, and first by the open handler, so a bad opening registers no account and takes no
 * rep's turn. Answers the business day it opens on.
 */
export const checkOpen = (details: OpeningDetails): { readonly openedOn: string } => {
  if (isBlank(details.title)) throw new TitleRequiredError();
  const openedOn = businessDate('openedOn', details.openedOn, details.at);
  checkCloseDate(details.expectedCloseDate, openedOn);
  checkSource(details.source);
  checkForecastOverrides(details.probability, details.forecastCategory);
  return { openedOn };
};

const open = (command: OpenOpportunity, state: OpportunityState): OpportunityEvent[] => {
  if (state.status !== 'initial') throw new OpportunityAlreadyExistsError(command.opportunityId);
  const { openedOn } = checkOpen(command);
  const { accountId, accountName } = command;
  if (isBlank(accountId)) throw new AccountRequiredError();
  if (command.amount !== null) checkMoney('amount', command.amount);
  const stage = command.stage ?? 'prospecting';
  return [
    {
      type: 'OpportunityOpened',
      data: {
        opportunityId: command.opportunityId,
        title: command.title,
        accountId,
        accountName,
        ownerId: command.ownerId,
        amount: command.amount,
        expectedCloseDate: command.expectedCloseDate,
        source: command.source,
        productInterest: command.productInterest,
        stage,
        ...forecastFor(stage, command.probability, command.forecastCategory),
        openedAt: command.at,
        openedBy: command.by,
        openedOn,
        assignment: command.assignment ?? null,
      },
    },
  ];
};

const updateDetails = (command: UpdateOpportunityDetails, state: OpportunityState): OpportunityEvent[] => {
  const current = requireOpen(command, state);
  const { title, amount, expectedCloseDate, productInterest, source } = command;
  if (title !== undefined && isBlank(title)) throw new TitleRequiredError();
  if (amount !== undefined) checkMoney('amount', amount);
  checkCurrency(current.amount, amount);
  if (expectedCloseDate !== undefined) checkCloseDate(expectedCloseDate, current.openedOn);
  if (source !== undefined) checkSource(source);

  const changes: OpportunityDetailsChanges = {
    ...(title !== undefined && title !== current.title ? { title } : {}),
    ...(amount !== undefined && !sameMoney(amount, current.amount) ? { amount } : {}),
    ...(expectedCloseDate !== undefined && expectedCloseDate !== current.expectedCloseDate
      ? { expectedCloseDate }
      : {}),
    ...(productInterest !== undefined && productInterest !== current.productInterest ? { productInterest } : {}),
    ...(source !== undefined && source !== current.source ? { source } : {}),
  };
  if (Object.keys(changes).length === 0) return [];
  return [{ type: 'OpportunityDetailsUpdated', data: { opportunityId: current.id, changes } }];
};

const reassignOwner = (command: ReassignOwner, state: OpportunityState): OpportunityEvent[] => {
  const current = requireOpen(command, state);
  if (command.ownerId === current.ownerId) return [];
  return [
    {
      type: 'OpportunityOwnerReassigned',
      data: { opportunityId: current.id, previousOwnerId: current.ownerId, ownerId: command.ownerId },
    },
  ];
};

const changeStage = (command: ChangeStage, state: OpportunityState): OpportunityEvent[] => {
  const current = requireOpen(command, state);
  checkForecastOverrides(command.probability, command.forecastCategory);

  if (command.stage === current.stage) {
    const probability = command.probability ?? current.probability;
    const forecastCategory = command.forecastCategory ?? current.forecastCategory;
    if (probability === current.probability && forecastCategory === current.forecastCategory) return [];
    return [
      {
        type: 'OpportunityForecastAdjusted',
        data: {
          opportunityId: current.id,
          probability,
          forecastCategory,
          reason: command.reason,
          adjustedAt: command.at,
        },
      },
    ];
  }

  const direction = compareStages(command.stage, current.stage) > 0 ? 'forward' : 'backward';
  if (direction === 'backward' && isBlank(command.reason)) {
    throw new BackwardStageRequiresReasonError(current.stage, command.stage);
  }
  return [
    {
      type: 'OpportunityStageChanged',
      data: {
        opportunityId: current.id,
        from: current.stage,
        to: command.stage,
        direction,
        reason: command.reason,
        ...forecastFor(command.stage, command.probability, command.forecastCategory),
        changedAt: command.at,
      },
    },
  ];
};

const markWon = (command: MarkWon, state: OpportunityState): OpportunityEvent[] => {
  const current = requireOpen(command, state);
  if (command.amount !== undefined) checkMoney('amount', command.amount);
  checkCurrency(current.amount, command.amount);
  const amount = command.amount ?? current.amount;
  if (amount === null || amount.amountMinor <= 0) throw new WonRequiresPositiveAmountError();
  const closedOn = closingDate(command, current);
  return [
    {
      type: 'OpportunityWon',
      data: { opportunityId: current.id, amount, closedAt: command.at, stageAtClose: current.stage, closedOn },
    },
  ];
};

const markLost = (command: MarkLost, state: OpportunityState): OpportunityEvent[] => {
  const current = requireOpen(command, state);
  if (isBlank(command.reason)) throw new LostReasonRequiredError();
  const closedOn = closingDate(command, current);
  return [
    {
      type: 'OpportunityLost',
      data: {
        opportunityId: current.id,
        reason: command.reason,
        competitor: command.competitor,
        closedAt: command.at,
        stageAtClose: current.stage,
        closedOn,
      },
    },
  ];
};

const reopen = (command: Reopen, state: OpportunityState): OpportunityEvent[] => {
  const current = requireExisting(command, state);
  if (current.status !== 'lost') throw new OnlyLostCanBeReopenedError(current.status);
  const stage = command.stage ?? current.stageAtLoss;
  return [
    {
      type: 'OpportunityReopened',
      data: {
        opportunityId: current.id,
        stage,
        ...forecastFor(stage),
        reason: command.reason,
        reopenedAt: command.at,
      },
    },
  ];
};

const setPrimaryQuote = (command: SetPrimaryQuote, state: OpportunityState): OpportunityEvent[] => {
  const current = requireOpen(command, state);
  checkMoney('amount', command.amount);
  checkCurrency(current.amount, command.amount);
  if (current.primaryQuoteId === command.quoteId && sameMoney(current.amount, command.amount)) return [];
  return [
    {
      type: 'OpportunityPrimaryQuoteSet',
      data: { opportunityId: current.id, quoteId: command.quoteId, amount: command.amount },
    },
  ];
};

/** Quotes change after the deal closes, or stop being primary: then the amount stays as it is. */
const syncQuoteAmount = (command: SyncQuoteAmount, state: OpportunityState): OpportunityEvent[] => {
  const current = requireExisting(command, state);
  if (current.status !== 'open' || current.primaryQuoteId !== command.quoteId) return [];
  checkMoney('amount', command.amount);
  checkCurrency(current.amount, command.amount);
  if (sameMoney(current.amount, command.amount)) return [];
  return [
    {
      type: 'OpportunityAmountSynced',
      data: { opportunityId: current.id, quoteId: command.quoteId, amount: command.amount },
    },
  ];
};

/** Allowed whatever the status: a merge moves closed deals too, so the account's history stays whole. */
const changeAccount = (command: ChangeOpportunityAccount, state: OpportunityState): OpportunityEvent[] => {
  const current = requireExisting(command, state);
  if (isBlank(command.accountId)) throw new AccountRequiredError();
  if (command.accountId === current.accountId) return [];
  if (command.onlyFromAccountId !== undefined && command.onlyFromAccountId !== current.accountId) return [];
  return [
    {
      type: 'OpportunityAccountChanged',
      data: {
        opportunityId: current.id,
        previousAccountId: current.accountId,
        accountId: command.accountId,
        accountName: command.accountName,
        reason: command.reason,
        changedAt: command.at,
      },
    },
  ];
};

export const decide = (command: OpportunityCommand, state: OpportunityState): OpportunityEvent[] => {
  switch (command.type) {
    case 'OpenOpportunity':
      return open(command, state);
    case 'UpdateOpportunityDetails':
      return updateDetails(command, state);
    case 'ReassignOwner':
      return reassignOwner(command, state);
    case 'ChangeStage':
      return changeStage(command, state);
    case 'MarkWon':
      return markWon(command, state);
    case 'MarkLost':
      return markLost(command, state);
    case 'Reopen':
      return reopen(command, state);
    case 'SetPrimaryQuote':
      return setPrimaryQuote(command, state);
    case 'SyncQuoteAmount':
      return syncQuoteAmount(command, state);
    case 'ChangeOpportunityAccount':
      return changeAccount(command, state);
    default:
      return exhaustive(command);
  }
};

export const opportunityDecider: Decider<OpportunityCommand, OpportunityState, OpportunityEvent> = {
  initialState,
  decide,
  evolve,
  version: 1,
};
