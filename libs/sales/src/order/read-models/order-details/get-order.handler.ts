import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { ReadStore } from '@ledger/read-store';
import { ORDER_VIEWS, type OrderView } from '../order-view/order-view.document';
import { type OrderResource, toOrderResource } from '../order-view/order-resource';
import { GetOrderQuery } from './get-order.query';

@QueryHandler(GetOrderQuery)
export class GetOrderHandler implements IQueryHandler<GetOrderQuery> {
  constructor(private readonly readStore: ReadStore) {}

  async execute({ orderId }: GetOrderQuery): Promise<OrderResource | null> {
    const view = await this.readStore.findOne<OrderView>(ORDER_VIEWS, { _id: orderId });
    return view ? toOrderResource(view) : null;
  }
}
