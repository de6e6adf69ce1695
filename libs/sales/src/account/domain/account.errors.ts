import { DomainError, type Money } from '@ledger/event-sourcing/kernel';

// Class names carry an account or contact prefix where a plain name could clash with another
// aggregate's domain. Contact errors never quote the refused value: it is personal data (see
// ContactPersonalData), and error messages end up in logs.

export class AccountNotFoundError extends DomainError {
  constructor(accountId: string) {
    super('account-not-found', 'not-found', `Account ${accountId} is not registered.`);
  }
}

export class AccountAlreadyExistsError extends DomainError {
  constructor(accountId: string) {
    super('account-already-exists', 'already-exists', `Account ${accountId} is already registered.`);
  }
}

export class AccountMergedError extends DomainError {
  constructor(accountId: string, intoAccountId: string) {
    super(
      'account-merged',
      'rule-violated',
      `Account ${accountId} was merged into account ${intoAccountId}; work on that account instead.`,
    );
  }
}

export class AccountNameRequiredError extends DomainError {
  constructor() {
    super('account-name-required', 'rule-violated', 'An account needs a name that is not blank.');
  }
}

export class InvalidYearEstablishedError extends DomainError {
  constructor(yearEstablished: number, latestYear: number) {
    super(
      'invalid-year-established',
      'rule-violated',
      `The year established is a whole year from 1800 to ${latestYear}; got ${yearEstablished}.`,
    );
  }
}

export class InvalidEmployeesError extends DomainError {
  constructor(employees: number) {
    super(
      'invalid-employees',
      'rule-violated',
      `The number of employees is a non-negative whole number; got ${employees}.`,
    );
  }
}

export class InvalidAnnualRevenueError extends DomainError {
  constructor(annualRevenue: Money) {
    super(
      'invalid-annual-revenue',
      'rule-violated',
      'The annual revenue is a non-negative whole number of minor units in an ISO-4217 currency of three ' +
        `capitals; got ${annualRevenue.amountMinor} ${annualRevenue.currency}.`,
    );
  }
}

export class AccountParentIsSelfError extends DomainError {
  constructor(accountId: string) {
    super('account-parent-is-self', 'rule-violated', `Account ${accountId} cannot be its own parent account.`);
  }
}

export class AccountParentCycleError extends DomainError {
  constructor(accountId: string, parentAccountId: string) {
    super(
      'account-parent-cycle',
      'rule-violated',
      `Account ${parentAccountId} is ${accountId} itself or one of its subsidiaries; it cannot be the parent of ${accountId}.`,
    );
  }
}

export class AccountMergeIntoSelfError extends DomainError {
  constructor(accountId: string) {
    super('account-merge-into-self', 'rule-violated', `Account ${accountId} cannot be merged into itself.`);
  }
}

export class ContactAlreadyExistsError extends DomainError {
  constructor(accountId: string, contactId: string) {
    super(
      'contact-already-exists',
      'already-exists',
      `Contact ${contactId} is already on account ${accountId} (a removed contact keeps its id).`,
    );
  }
}

export class ContactNotFoundError extends DomainError {
  constructor(accountId: string, contactId: string) {
    super('contact-not-found', 'not-found', `Account ${accountId} has no contact ${contactId}.`);
  }
}

export class ContactNameRequiredError extends DomainError {
  constructor() {
    super('contact-name-required', 'rule-violated', 'A contact needs a full name that is not blank.');
  }
}

export class InvalidContactEmailError extends DomainError {
  constructor() {
    super('invalid-contact-email', 'rule-violated', 'The contact e-mail address is not a valid address.');
  }
}

export class InvalidContactPhoneError extends DomainError {
  constructor() {
    super(
      'invalid-contact-phone',
      'rule-violated',
      'The contact phone number is 4 to 30 digits, spaces and ( ) . / - with an optional leading +.',
    );
  }
}

export class ContactErasedError extends DomainError {
  constructor(accountId: string, contactId: string) {
    super('contact-erased', 'rule-violated', `Contact ${contactId} of account ${accountId} was erased; it takes no more changes.`);
  }
}

export class ErasureReasonRequiredError extends DomainError {
  constructor() {
    super('erasure-reason-required', 'rule-violated', 'An erasure needs a reason that is not blank (the log keeps it as the record of why).');
  }
}
