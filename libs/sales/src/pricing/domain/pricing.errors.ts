import { DomainError, MAX_AMOUNT_MINOR } from '@ledger/event-sourcing/kernel';

export class InvalidQuantityError extends DomainError {
  constructor(quantity: number) {
    super('invalid-quantity', 'rule-violated', `The quantity must be a positive whole number; got ${quantity}.`);
  }
}

export class InvalidUnitPriceError extends DomainError {
  constructor(unitPriceMinor: number) {
    super(
      'invalid-unit-price',
      'rule-violated',
      `The unit price must be a whole, non-negative number of minor units; got ${unitPriceMinor}.`,
    );
  }
}

export class InvalidDiscountError extends DomainError {
  constructor(basisPoints: number) {
    super(
      'invalid-discount',
      'rule-violated',
      `A discount is a whole number of basis points from 0 to 10000; got ${basisPoints}.`,
    );
  }
}

export class InvalidTaxRateError extends DomainError {
  constructor(basisPoints: number) {
    super(
      'invalid-tax-rate',
      'rule-violated',
      `A tax rate is a whole number of basis points from 0 to 10000; got ${basisPoints}.`,
    );
  }
}

export class AmountTooLargeError extends DomainError {
  constructor() {
    super(
      'amount-too-large',
      'rule-violated',
      `An amount would exceed ${MAX_AMOUNT_MINOR} minor units, the most any amount may be so that every sum of amounts stays exact.`,
    );
  }
}
