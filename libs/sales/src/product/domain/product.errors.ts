import { DomainError, MAX_AMOUNT_MINOR } from '@ledger/event-sourcing/kernel';

// Class names carry a product prefix where a plain name (InvalidCurrencyError, ReasonRequiredError)
// is already exported by another aggregate's domain; the codes are shared on purpose.

export class ProductNotFoundError extends DomainError {
  constructor(productCode: string) {
    super('product-not-found', 'not-found', `Product ${productCode} is not in the catalogue.`);
  }
}

export class ProductAlreadyExistsError extends DomainError {
  constructor(productCode: string) {
    super('product-already-exists', 'already-exists', `Product ${productCode} is already in the catalogue.`);
  }
}

export class ProductNameRequiredError extends DomainError {
  constructor() {
    super('product-name-required', 'rule-violated', 'A product needs a name that is not blank.');
  }
}

export class InvalidListPricesError extends DomainError {
  constructor(detail: string) {
    super(
      'invalid-list-prices',
      'rule-violated',
      `A product is listed with at least one price and at most one per currency; ${detail}.`,
    );
  }
}

export class InvalidPriceCurrencyError extends DomainError {
  constructor(currency: string) {
    super(
      'invalid-currency',
      'rule-violated',
      `The currency must be an ISO-4217 code of three capitals; got ${currency}.`,
    );
  }
}

export class InvalidPriceError extends DomainError {
  constructor(amountMinor: number) {
    super(
      'invalid-price',
      'rule-violated',
      `A list price is a whole number of minor units from 0 to ${MAX_AMOUNT_MINOR}; got ${amountMinor}.`,
    );
  }
}

export class ProductRetiredError extends DomainError {
  constructor(productCode: string) {
    super('product-retired', 'rule-violated', `Product ${productCode} is retired; its prices no longer change.`);
  }
}

export class RetirementReasonRequiredError extends DomainError {
  constructor() {
    super('reason-required', 'rule-violated', 'A reason is required to retire a product.');
  }
}
