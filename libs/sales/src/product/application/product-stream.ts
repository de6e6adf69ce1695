import { aggregateStreams } from '@ledger/event-sourcing';
import { productDecider, productEvents } from '../domain';

/** A product's stream is named by its code (`product-GTX-PRO`): codes are stable and unique. */
const products = aggregateStreams('product', productDecider, productEvents);

export const PRODUCT_CATEGORY = products.category;
export const productStream = products.stream;
export const loadProduct = products.load;
export const decideProduct = products.handle;
