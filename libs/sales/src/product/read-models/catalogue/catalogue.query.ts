import { Query } from '@nestjs/cqrs';
import type { ProductResource } from '../product-resource';

/** The catalogue by code; retired products only when asked for. */
export class ListProductsQuery extends Query<{ items: ProductResource[] }> {
  constructor(readonly includeRetired: boolean) {
    super();
  }
}

/** One product by its code (already normalised: GTX-PRO); null when it was never listed. */
export class GetProductQuery extends Query<ProductResource | null> {
  constructor(readonly productCode: string) {
    super();
  }
}
