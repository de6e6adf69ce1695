import { type Decider, exhaustive, InvalidMoneyError, isAmountMinor, isCurrencyCode, isPlainObject, type Money } from '@ledger/event-sourcing/kernel';
import type { ChangeListPrice, ListProduct, ProductCommand, RetireProduct } from './product.commands';
import {
  InvalidListPricesError,
  InvalidPriceCurrencyError,
  InvalidPriceError,
  ProductAlreadyExistsError,
  ProductNameRequiredError,
  ProductNotFoundError,
  ProductRetiredError,
  RetirementReasonRequiredError,
} from './product.errors';
import type { ProductEvent } from './product.events';
import { type ExistingProductState, evolve, initialState, listPriceIn, type ProductState } from './product.state';

const isBlank = (text: string): boolean => text.trim() === '';

const checkPrice = (price: Money): void => {
  if (!isPlainObject(price)) throw new InvalidMoneyError('price');
  const { amountMinor, currency } = price;
  if (!isCurrencyCode(currency)) throw new InvalidPriceCurrencyError(String(currency));
  if (!isAmountMinor(amountMinor)) throw new InvalidPriceError(amountMinor);
};

const requireExisting = (command: ProductCommand, state: ProductState): ExistingProductState => {
  if (state.status === 'initial') throw new ProductNotFoundError(command.productCode);
  return state;
};

const list = (command: ListProduct, state: ProductState): ProductEvent[] => {
  if (state.status !== 'initial') throw new ProductAlreadyExistsError(command.productCode);
  if (isBlank(command.name)) throw new ProductNameRequiredError();
  if (command.listPrices.length === 0) throw new InvalidListPricesError('none was given');
  command.listPrices.forEach(checkPrice);
  const currencies = command.listPrices.map((price) => price.currency);
  const repeated = currencies.find((currency, i) => currencies.indexOf(currency) !== i);
  if (repeated !== undefined) throw new InvalidListPricesError(`${repeated} was given twice`);
  return [
    {
      type: 'ProductListed',
      data: {
        productCode: command.productCode,
        name: command.name,
        series: command.series,
        // Copied, so that the event holds exactly Money and nothing a caller slipped in.
        listPrices: command.listPrices.map(({ amountMinor, currency }) => ({ amountMinor, currency })),
        listedAt: command.at,
        listedBy: command.by,
      },
    },
  ];
};

const changeListPrice = (command: ChangeListPrice, state: ProductState): ProductEvent[] => {
  const current = requireExisting(command, state);
  if (current.status === 'retired') throw new ProductRetiredError(current.code);
  checkPrice(command.price);
  const { amountMinor, currency } = command.price;
  const previousAmountMinor = listPriceIn(current, currency);
  if (previousAmountMinor === amountMinor) return [];
  return [
    {
      type: 'ProductListPriceChanged',
      data: {
        productCode: current.code,
        currency,
        previousAmountMinor,
        amountMinor,
        changedAt: command.at,
        changedBy: command.by,
      },
    },
  ];
};

const retire = (command: RetireProduct, state: ProductState): ProductEvent[] => {
  const current = requireExisting(command, state);
  if (current.status === 'retired') return [];
  if (isBlank(command.reason)) throw new RetirementReasonRequiredError();
  return [
    {
      type: 'ProductRetired',
      data: { productCode: current.code, reason: command.reason, retiredAt: command.at, retiredBy: command.by },
    },
  ];
};

export const decide = (command: ProductCommand, state: ProductState): ProductEvent[] => {
  switch (command.type) {
    case 'ListProduct':
      return list(command, state);
    case 'ChangeListPrice':
      return changeListPrice(command, state);
    case 'RetireProduct':
      return retire(command, state);
    default:
      return exhaustive(command);
  }
};

export const productDecider: Decider<ProductCommand, ProductState, ProductEvent> = {
  initialState,
  decide,
  evolve,
  version: 1,
};
