import { Query } from '@nestjs/cqrs';
import type { OrderResource } from '../order-view/order-resource';

export class GetOrderQuery extends Query<OrderResource | null> {
  constructor(readonly orderId: string) {
    super();
  }
}
