import { DomainError } from '@ledger/event-sourcing/kernel';
import { OPPORTUNITY_SOURCES, type Stage } from './opportunity.stages';

export class OpportunityNotFoundError extends DomainError {
  constructor(opportunityId: string) {
    super('opportunity-not-found', 'not-found', `Opportunity ${opportunityId} does not exist.`);
  }
}

export class OpportunityAlreadyExistsError extends DomainError {
  constructor(opportunityId: string) {
    super('opportunity-already-exists', 'already-exists', `Opportunity ${opportunityId} already exists.`);
  }
}

export class OpportunityClosedError extends DomainError {
  constructor(status: 'won' | 'lost') {
    super(
      'opportunity-closed',
      'rule-violated',
      `The opportunity is closed (${status}); nothing can change on a closed opportunity except reopening a lost one.`,
    );
  }
}

export class WonRequiresPositiveAmountError extends DomainError {
  constructor() {
    super(
      'won-requires-positive-amount',
      'rule-violated',
      'An opportunity can only be won with an amount greater than zero.',
    );
  }
}

export class CurrencyChangeNotAllowedError extends DomainError {
  constructor(current: string, requested: string) {
    super(
      'currency-change-not-allowed',
      'rule-violated',
      `The amount is in ${current}; it cannot be changed to ${requested}.`,
    );
  }
}

export class CloseDateBeforeOpenDateError extends DomainError {
  constructor(expectedCloseDate: string, openDate: string) {
    super(
      'close-date-before-open-date',
      'rule-violated',
      `The expected close date ${expectedCloseDate} is earlier than the open date ${openDate}.`,
    );
  }
}

export class BackwardStageRequiresReasonError extends DomainError {
  constructor(from: Stage, to: Stage) {
    super('backward-stage-requires-reason', 'rule-violated', `Moving back from ${from} to ${to} requires a reason.`);
  }
}

export class LostReasonRequiredError extends DomainError {
  constructor() {
    super('lost-reason-required', 'rule-violated', 'A reason is required to mark an opportunity as lost.');
  }
}

export class OnlyLostCanBeReopenedError extends DomainError {
  constructor(status: 'open' | 'won') {
    super(
      'only-lost-can-be-reopened',
      'rule-violated',
      `Only a lost opportunity can be reopened; this one is ${status}.`,
    );
  }
}

export class InvalidProbabilityError extends DomainError {
  constructor(probability: number) {
    super(
      'invalid-probability',
      'rule-violated',
      `The probability of an open opportunity must be a whole number from 0 to 99; got ${probability}.`,
    );
  }
}

export class ClosedForecastCategoryReservedError extends DomainError {
  constructor() {
    super(
      'closed-forecast-category-reserved',
      'rule-violated',
      'The forecast category "closed" is reserved for won opportunities.',
    );
  }
}

export class AccountRequiredError extends DomainError {
  constructor() {
    super(
      'account-required',
      'rule-violated',
      'An opportunity is opened for an account: give its accountId (the API finds or creates the account from a name).',
    );
  }
}

export class TitleRequiredError extends DomainError {
  constructor() {
    super('title-required', 'rule-violated', 'The title must not be blank.');
  }
}

export class InvalidBusinessDateError extends DomainError {
  constructor(field: string, value: unknown) {
    super(
      'invalid-business-date',
      'rule-violated',
      `${field} ${JSON.stringify(value)} is not a calendar date (YYYY-MM-DD).`,
    );
  }
}

export class BusinessDateInTheFutureError extends DomainError {
  constructor(field: string, value: string, latest: string) {
    super(
      'business-date-in-the-future',
      'rule-violated',
      `${field} ${value} is in the future: it says when something happened, so it is at the latest ${latest} (today in UTC, or tomorrow for time zones ahead of UTC).`,
    );
  }
}

export class ClosedBeforeOpenedError extends DomainError {
  constructor(closedOn: string, openedOn: string) {
    super(
      'closed-before-opened',
      'rule-violated',
      `It cannot close on ${closedOn}, before the day it was opened (${openedOn}).`,
    );
  }
}

export class InvalidOpportunitySourceError extends DomainError {
  constructor(source: unknown) {
    super('invalid-opportunity-source', 'rule-violated', `${JSON.stringify(source) ?? 'undefined'} is not a source; one of ${OPPORTUNITY_SOURCES.join(', ')}.`);
  }
}
