import { Query } from '@nestjs/cqrs';
import type { ProductResource } from '../product-resource';

/** One product by its code (already normalised: GTX-PRO); null when it was never listed. */
export class GetProductQuery extends Query<ProductResource | null> {
  constructor(readonly productCode: string) {
    super();
  }
}
