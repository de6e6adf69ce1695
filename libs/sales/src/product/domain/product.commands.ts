import type { Money } from '@ledger/event-sourcing/kernel';

/**
 * Every command names its product by code (see `productCodeFor`; the application derives the stream
 * from it) and says when (`at`, ISO-8601 instant) and by whom (`by`, user id).
 */
type CommandBase<Type extends string> = {
  readonly type: Type;
  readonly productCode: string;
  readonly at: string;
  readonly by: string;
};

export type ListProduct = CommandBase<'ListProduct'> & {
  readonly name: string;
  readonly series: string;
  /** At least one; at most one per currency; amounts in minor units. */
  readonly listPrices: readonly Money[];
};

/** Sets the list price in `price.currency`, adding that currency if the product had no price in it. */
export type ChangeListPrice = CommandBase<'ChangeListPrice'> & { readonly price: Money };

export type RetireProduct = CommandBase<'RetireProduct'> & { readonly reason: string };

export type ProductCommand = ListProduct | ChangeListPrice | RetireProduct;
