import { Query } from '@nestjs/cqrs';
import type { ProductView } from '../product-view.projection';

/** The catalogue by code; retired products only when asked for. */
export class ListProductsQuery extends Query<{ items: ProductView[] }> {
  constructor(readonly includeRetired: boolean) {
    super();
  }
}
