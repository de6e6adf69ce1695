import { exhaustive, type Money } from '@ledger/event-sourcing/kernel';
import type { ProductEvent } from './product.events';

/** What every product in the catalogue knows about itself, whatever its status. */
export type ProductFacts = {
  readonly code: string;
  readonly name: string;
  readonly series: string;
  /** One per currency, in the order the currencies were first priced. */
  readonly listPrices: readonly Money[];
};

export type InitialProductState = { readonly status: 'initial' };
export type ActiveProductState = { readonly status: 'active' } & ProductFacts;
export type RetiredProductState = { readonly status: 'retired'; readonly retiredAt: string } & ProductFacts;

export type ProductState = InitialProductState | ActiveProductState | RetiredProductState;

export type ProductStatus = ProductState['status'];

export type ExistingProductState = Exclude<ProductState, InitialProductState>;

export const initialState = (): ProductState => ({ status: 'initial' });

/** The list price in `currency` (minor units), or null when the product has none (or does not exist). */
export const listPriceIn = (state: ProductState, currency: string): number | null => {
  if (state.status === 'initial') return null;
  return state.listPrices.find((price) => price.currency === currency)?.amountMinor ?? null;
};

const withPrice = (listPrices: readonly Money[], price: Money): readonly Money[] =>
  listPrices.some((p) => p.currency === price.currency)
    ? listPrices.map((p) => (p.currency === price.currency ? price : p))
    : [...listPrices, price];

/**
 * Events come from the log, so they are trusted: an event that makes no sense in the current state
 * (which `decide` never produces) leaves the state as it is instead of breaking every later load.
 */
export const evolve = (state: ProductState, event: ProductEvent): ProductState => {
  if (event.type === 'ProductListed') {
    const e = event.data;
    return { status: 'active', code: e.productCode, name: e.name, series: e.series, listPrices: e.listPrices };
  }
  if (state.status === 'initial') return state;

  switch (event.type) {
    case 'ProductListPriceChanged': {
      const { currency, amountMinor } = event.data;
      return { ...state, listPrices: withPrice(state.listPrices, { amountMinor, currency }) };
    }
    case 'ProductRetired':
      return {
        status: 'retired',
        code: state.code,
        name: state.name,
        series: state.series,
        listPrices: state.listPrices,
        retiredAt: event.data.retiredAt,
      };
    default:
      return exhaustive(event);
  }
};
