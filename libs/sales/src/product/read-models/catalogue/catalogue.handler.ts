import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { ReadStore } from '@ledger/read-store';
import { PRODUCT_VIEWS, type ProductView } from '../product-view.projection';
import { type ProductResource, toProductResource } from '../product-resource';
import { GetProductQuery, ListProductsQuery } from './catalogue.query';

@QueryHandler(ListProductsQuery)
export class ListProductsHandler implements IQueryHandler<ListProductsQuery> {
  constructor(private readonly readStore: ReadStore) {}

  async execute({ includeRetired }: ListProductsQuery): Promise<{ items: ProductResource[] }> {
    const filter = includeRetired ? {} : { status: 'active' };
    const views = await this.readStore.find<ProductView>(PRODUCT_VIEWS, filter, { sort: { _id: 1 } });
    return { items: views.map(toProductResource) };
  }
}

@QueryHandler(GetProductQuery)
export class GetProductHandler implements IQueryHandler<GetProductQuery> {
  constructor(private readonly readStore: ReadStore) {}

  async execute({ productCode }: GetProductQuery): Promise<ProductResource | null> {
    const view = await this.readStore.findOne<ProductView>(PRODUCT_VIEWS, { _id: productCode });
    return view ? toProductResource(view) : null;
  }
}
