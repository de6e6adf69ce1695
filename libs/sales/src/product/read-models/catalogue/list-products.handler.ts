import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { ReadStore } from '@ledger/read-store';
import { PRODUCT_VIEWS, type ProductView } from '../product-view.projection';
import { ListProductsQuery } from './list-products.query';

@QueryHandler(ListProductsQuery)
export class ListProductsHandler implements IQueryHandler<ListProductsQuery> {
  constructor(private readonly readStore: ReadStore) {}

  async execute({ includeRetired }: ListProductsQuery): Promise<{ items: ProductView[] }> {
    const filter = includeRetired ? {} : { status: 'active' };
    return { items: await this.readStore.find<ProductView>(PRODUCT_VIEWS, filter, { sort: { _id: 1 } }) };
  }
}
