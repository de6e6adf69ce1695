import { type Event, eventCodec, type Money } from '@ledger/event-sourcing/kernel';

/** A product enters the catalogue with one list price per currency (integer minor units). */
export type ProductListed = Event<
  'ProductListed',
  {
    readonly productCode: string;
    readonly name: string;
    readonly series: string;
    /** At most one price per ISO-4217 currency. */
    readonly listPrices: readonly Money[];
    readonly listedAt: string;
    readonly listedBy: string;
  }
>;

/** The list price in one currency was set or changed; the other currencies keep theirs. */
export type ProductListPriceChanged = Event<
  'ProductListPriceChanged',
  {
    readonly productCode: string;
    /** ISO-4217. */
    readonly currency: string;
    /** null when the product had no price in this currency before. */
    readonly previousAmountMinor: number | null;
    readonly amountMinor: number;
    readonly changedAt: string;
    readonly changedBy: string;
  }
>;

/** The product leaves the catalogue for good: no more price changes; quotes already made keep their lines. */
export type ProductRetired = Event<
  'ProductRetired',
  { readonly productCode: string; readonly reason: string; readonly retiredAt: string; readonly retiredBy: string }
>;

export type ProductEvent = ProductListed | ProductListPriceChanged | ProductRetired;

export type ProductEventType = ProductEvent['type'];

/** Every product event type with its current schema version. */
export const productEvents = eventCodec<ProductEvent>({
  ProductListed: 1,
  ProductListPriceChanged: 1,
  ProductRetired: 1,
});
