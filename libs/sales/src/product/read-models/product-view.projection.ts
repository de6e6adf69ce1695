import { exhaustive } from '@ledger/event-sourcing';
import { projectionOf, revisionGuardedUpsert, type UpdateSpec } from '@ledger/read-store';
import { productEvents, type ProductEvent } from '../domain';

export const PRODUCT_VIEWS = 'product_views';

/** One document per product; `listPrices` maps a currency to its amount in minor units. */
export type ProductView = {
  readonly _id: string;
  readonly _revision: number;
  readonly name: string;
  readonly series: string;
  readonly status: 'active' | 'retired';
  readonly listPrices: Readonly<Record<string, number>>;
  readonly updatedAt: string;
};

function changesFor(event: ProductEvent): UpdateSpec {
  switch (event.type) {
    case 'ProductListed': {
      const d = event.data;
      const listPrices = Object.fromEntries(d.listPrices.map((price) => [price.currency, price.amountMinor]));
      return { $set: { name: d.name, series: d.series, status: 'active', listPrices } };
    }
    case 'ProductListPriceChanged':
      return { $set: { [`listPrices.${event.data.currency}`]: event.data.amountMinor } };
    case 'ProductRetired':
      return { $set: { status: 'retired' } };
    default:
      return exhaustive(event);
  }
}

export const productViewProjection = projectionOf({
  name: 'product-views',
  collections: [PRODUCT_VIEWS],
  events: productEvents,
  project: (event, recorded) => {
    const update = changesFor(event);
    return [revisionGuardedUpsert(PRODUCT_VIEWS, event.data.productCode, update, recorded)];
  },
});
