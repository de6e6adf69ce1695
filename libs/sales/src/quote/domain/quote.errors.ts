import { DomainError } from '@ledger/event-sourcing/kernel';

export class QuoteNotFoundError extends DomainError {
  constructor(quoteId: string) {
    super('quote-not-found', 'not-found', `Quote ${quoteId} does not exist.`);
  }
}

export class QuoteAlreadyExistsError extends DomainError {
  constructor(quoteId: string) {
    super('quote-already-exists', 'already-exists', `Quote ${quoteId} already exists.`);
  }
}

export class InvalidCurrencyError extends DomainError {
  constructor(currency: string) {
    super(
      'invalid-currency',
      'rule-violated',
      `The currency must be an ISO-4217 code of three capitals; got ${currency}.`,
    );
  }
}

export class InvalidQuoteVersionError extends DomainError {
  constructor() {
    super(
      'invalid-quote-version',
      'rule-violated',
      'A quote has version 1 and no previous quote, or a version above 1 and the id of the quote it revises.',
    );
  }
}

export class InvalidValidUntilError extends DomainError {
  constructor(validUntil: string) {
    super('invalid-valid-until', 'rule-violated', `validUntil must be a calendar date YYYY-MM-DD; got ${validUntil}.`);
  }
}

export class ValidUntilInThePastError extends DomainError {
  constructor(validUntil: string, draftDate: string) {
    super(
      'valid-until-in-the-past',
      'rule-violated',
      `The quote would be valid until ${validUntil}, earlier than the day it is drafted (${draftDate}).`,
    );
  }
}

export class ProductCodeRequiredError extends DomainError {
  constructor() {
    super('product-code-required', 'rule-violated', 'A quote line needs a product code that is not blank.');
  }
}

export class LineAlreadyExistsError extends DomainError {
  constructor(lineId: string) {
    super('line-already-exists', 'already-exists', `The quote already has a line ${lineId}.`);
  }
}

export class LineNotFoundError extends DomainError {
  constructor(lineId: string) {
    super('line-not-found', 'not-found', `The quote has no line ${lineId}.`);
  }
}

export class QuoteNotEditableError extends DomainError {
  constructor(status: string) {
    super(
      'quote-not-editable',
      'rule-violated',
      `Lines, discount and tax change only on a draft or an approved quote (which voids the approval); this one is ${status}.`,
    );
  }
}

export class QuoteNotDraftError extends DomainError {
  constructor(status: string) {
    super('quote-not-draft', 'rule-violated', `Only a draft quote can be submitted; this one is ${status}.`);
  }
}

export class QuoteHasNoLinesError extends DomainError {
  constructor() {
    super('quote-has-no-lines', 'rule-violated', 'A quote without lines cannot be submitted.');
  }
}

export class InvalidApprovalPolicyError extends DomainError {
  constructor() {
    super(
      'invalid-approval-policy',
      'rule-violated',
      'The approval policy needs a version, a maximum discount of 0 to 10000 basis points and a non-negative whole maximum total.',
    );
  }
}

export class QuoteNotPendingApprovalError extends DomainError {
  constructor(status: string) {
    super('quote-not-pending-approval', 'rule-violated', `The quote is not waiting for approval; it is ${status}.`);
  }
}

export class ApproverIsSubmitterError extends DomainError {
  constructor() {
    super(
      'approver-is-submitter',
      'rule-violated',
      'The user who submitted a quote cannot approve or reject it; the submitter may recall it instead.',
    );
  }
}

export class ApprovalHashMismatchError extends DomainError {
  constructor(expected: string, given: string) {
    super(
      'approval-hash-mismatch',
      'rule-violated',
      `The quote changed since it was reviewed: its lines hash is ${expected}, the approval was for ${given}.`,
    );
  }
}

export class OnlySubmitterCanRecallError extends DomainError {
  constructor() {
    super('only-submitter-can-recall', 'rule-violated', 'Only the user who submitted the quote can recall it.');
  }
}

export class QuoteNotApprovedError extends DomainError {
  constructor(status: string) {
    super('quote-not-approved', 'rule-violated', `Only an approved quote can be sent; this one is ${status}.`);
  }
}

export class QuoteNotSentError extends DomainError {
  constructor(status: string) {
    super(
      'quote-not-sent',
      'rule-violated',
      `Only a quote sent to the customer can be accepted, declined or expired; this one is ${status}.`,
    );
  }
}

export class QuoteNotAcceptedError extends DomainError {
  constructor(status: string) {
    super('quote-not-accepted', 'rule-violated', `Only an accepted quote has an order to withhold; this one is ${status}.`);
  }
}

export class QuoteExpiredError extends DomainError {
  constructor(validUntil: string) {
    super('quote-expired', 'rule-violated', `The quote was valid until ${validUntil}.`);
  }
}

export class QuoteNotYetExpiredError extends DomainError {
  constructor(validUntil: string) {
    super('quote-not-yet-expired', 'rule-violated', `The quote is valid until ${validUntil}; it cannot expire before.`);
  }
}

export class QuoteSupersededError extends DomainError {
  constructor(byQuoteId: string) {
    super(
      'quote-superseded',
      'rule-violated',
      `The quote was superseded by quote ${byQuoteId}; nothing can change on it.`,
    );
  }
}

export class QuoteNotRevisableError extends DomainError {
  constructor(status: string) {
    super(
      'quote-not-revisable',
      'rule-violated',
      `Only a sent or declined quote can be revised; this one is ${status}.`,
    );
  }
}

export class ReasonRequiredError extends DomainError {
  constructor() {
    super('reason-required', 'rule-violated', 'A reason is required.');
  }
}

export class RevisionIsSameQuoteError extends DomainError {
  constructor() {
    super(
      'revision-is-same-quote',
      'rule-violated',
      'A quote cannot be revised by itself; give the id of the new quote.',
    );
  }
}

export class QuoteNotInPlayError extends DomainError {
  constructor(status: string) {
    super('quote-not-in-play', 'rule-violated', `A ${status} quote cannot be made primary; revise it first.`);
  }
}
