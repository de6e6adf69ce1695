import type { Projection } from '@ledger/read-store';
import { opportunityViewProjection } from './opportunity';
import { orderViewProjection } from './order';
import { productViewProjection } from './product';
import { quoteViewProjection } from './quote';

/** Every read model of the sales modules, for the apps that run or rebuild them. */
export const salesProjections: readonly Projection[] = [
  opportunityViewProjection,
  productViewProjection,
  quoteViewProjection,
  orderViewProjection,
];
