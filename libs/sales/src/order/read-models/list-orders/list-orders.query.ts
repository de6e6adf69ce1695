import { Query } from '@nestjs/cqrs';
import type { Page } from '@ledger/read-store';
import type { OrderStatus } from '../../domain';
import type { OrderResource } from '../order-view/order-resource';

export type OrderListFilter = {
  readonly opportunityId?: string;
  readonly quoteId?: string;
  readonly status?: Exclude<OrderStatus, 'initial'>;
  readonly limit: number;
  readonly cursor?: string;
};

/** Newest orders first. */
export class ListOrdersQuery extends Query<Page<OrderResource>> {
  constructor(readonly filter: OrderListFilter) {
    super();
  }
}
