import { DomainError } from '@ledger/event-sourcing/kernel';

// Class names carry "Order" where a quote error of the same meaning exists, so that both domains can be
// re-exported side by side; the codes are shared with the quote where the refusal is the same.

export class OrderNotFoundError extends DomainError {
  constructor(orderId: string) {
    super('order-not-found', 'not-found', `Order ${orderId} does not exist.`);
  }
}

export class OrderAlreadyExistsError extends DomainError {
  constructor(orderId: string) {
    super('order-already-exists', 'already-exists', `Order ${orderId} already exists.`);
  }
}

export class OrderHasNoLinesError extends DomainError {
  constructor() {
    super('order-has-no-lines', 'rule-violated', 'An order needs at least one line.');
  }
}

export class InvalidOrderCurrencyError extends DomainError {
  constructor(currency: string) {
    super(
      'invalid-currency',
      'rule-violated',
      `The currency must be an ISO-4217 code of three capitals; got ${currency}.`,
    );
  }
}

export class InvalidOrderApprovalPolicyError extends DomainError {
  constructor() {
    super(
      'invalid-approval-policy',
      'rule-violated',
      'The order approval policy needs a version and a non-negative whole maximum total.',
    );
  }
}

export class OrderLinesLockedError extends DomainError {
  constructor(status: string) {
    super(
      'order-lines-locked',
      'rule-violated',
      `Order lines change only while the order waits for approval; this one is ${status}.`,
    );
  }
}

export class OrderLineNotFoundError extends DomainError {
  constructor(lineId: string) {
    super('order-line-not-found', 'not-found', `The order has no line ${lineId}.`);
  }
}

export class OrderNotPendingApprovalError extends DomainError {
  constructor(status: string) {
    super('order-not-pending-approval', 'rule-violated', `The order is not waiting for approval; it is ${status}.`);
  }
}

export class ApproverIsRequesterError extends DomainError {
  constructor() {
    super(
      'approver-is-requester',
      'rule-violated',
      'The user who accepted the quote or placed the order cannot approve or reject it.',
    );
  }
}

export class OrderReasonRequiredError extends DomainError {
  constructor() {
    super('reason-required', 'rule-violated', 'A reason is required.');
  }
}

export class OrderNotApprovedError extends DomainError {
  constructor(status: string) {
    super('order-not-approved', 'rule-violated', `Only an approved order can be fulfilled; this one is ${status}.`);
  }
}

export class InvalidFulfilmentDateError extends DomainError {
  constructor(fulfilledOn: string) {
    super(
      'invalid-fulfilment-date',
      'rule-violated',
      `fulfilledOn must be a calendar date YYYY-MM-DD; got ${fulfilledOn}.`,
    );
  }
}

export class OrderNotCancellableError extends DomainError {
  constructor(status: string) {
    super(
      'order-not-cancellable',
      'rule-violated',
      `Only an order waiting for approval or approved can be cancelled; this one is ${status}.`,
    );
  }
}

export class FulfilledBeforePlacedError extends DomainError {
  constructor(fulfilledOn: string, earliest: string) {
    super(
      'fulfilled-before-placed',
      'rule-violated',
      `fulfilledOn ${fulfilledOn} is before the order was placed: it is at the earliest ${earliest} (the day it was placed in UTC, or the day before for time zones behind UTC).`,
    );
  }
}

export class FulfilmentDateInTheFutureError extends DomainError {
  constructor(fulfilledOn: string, latest: string) {
    super(
      'business-date-in-the-future',
      'rule-violated',
      `fulfilledOn ${fulfilledOn} is in the future: it says when the order was fulfilled, so it is at the latest ${latest} (today in UTC, or tomorrow for time zones ahead of UTC).`,
    );
  }
}
