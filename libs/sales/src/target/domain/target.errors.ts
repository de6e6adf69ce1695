import { DomainError, MAX_AMOUNT_MINOR } from '@ledger/event-sourcing/kernel';

export class InvalidTargetPeriodError extends DomainError {
  constructor(period: string) {
    super('invalid-target-period', 'rule-violated', `A target is for a month (2017-08) or a quarter (2017-Q3), not ${JSON.stringify(period)}.`);
  }
}

export class InvalidTargetAmountError extends DomainError {
  constructor() {
    super('invalid-target-amount', 'rule-violated', `A target is a positive whole number of minor units, at most ${MAX_AMOUNT_MINOR}, with an ISO-4217 currency (USD).`);
  }
}

export class TargetSubjectChangedError extends DomainError {
  constructor() {
    super('target-subject-changed', 'rule-violated', 'This target belongs to another subject or period; a target id names one subject and period.');
  }
}
