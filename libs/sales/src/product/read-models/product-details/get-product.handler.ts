import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { ReadStore } from '@ledger/read-store';
import { type ProductResource, toProductResource } from '../product-resource';
import { PRODUCT_VIEWS, type ProductView } from '../product-view.projection';
import { GetProductQuery } from './get-product.query';

@QueryHandler(GetProductQuery)
export class GetProductHandler implements IQueryHandler<GetProductQuery> {
  constructor(private readonly readStore: ReadStore) {}

  async execute({ productCode }: GetProductQuery): Promise<ProductResource | null> {
    const view = await this.readStore.findOne<ProductView>(PRODUCT_VIEWS, { _id: productCode });
    return view ? toProductResource(view) : null;
  }
}
