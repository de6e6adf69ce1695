import { Query } from '@nestjs/cqrs';
import type { Page } from '@ledger/read-store';
import type { OrderStatus } from '../../domain';
import type { OrderResource } from '../order-view/order-resource';

export type OrderListFilter = {
  readonly opportunityId?: string;
  /** The owners whose opportunities' orders the caller may list (a rep: only themselves; a manager with a team: the team's); absent: everyone's. */
  readonly ownerIds?: readonly string[];
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
