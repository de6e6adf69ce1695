import { DomainError } from '@ledger/event-sourcing';

export class QuoteCurrencyMismatchError extends DomainError {
  constructor(opportunityCurrency: string, requested: string) {
    super(
      'currency-mismatch',
      'rule-violated',
      `The opportunity's amount is in ${opportunityCurrency}; a quote for it cannot be in ${requested}.`,
    );
  }
}

export class ProductNotSellableError extends DomainError {
  constructor(productCode: string) {
    super('product-retired', 'rule-violated', `Product ${productCode} is retired and can no longer be quoted.`);
  }
}

export class NoListPriceError extends DomainError {
  constructor(productCode: string, currency: string) {
    super(
      'no-list-price',
      'rule-violated',
      `Product ${productCode} has no list price in ${currency}; give unitPriceMinor for this line.`,
    );
  }
}
