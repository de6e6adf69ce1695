import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { type Filter, findPage, type Page, ReadStore } from '@ledger/read-store';
import { ORDER_VIEWS, type OrderView } from '../order-view/order-view.document';
import { type OrderResource, toOrderResource } from '../order-view/order-resource';
import { ListOrdersQuery } from './list-orders.query';

@QueryHandler(ListOrdersQuery)
export class ListOrdersHandler implements IQueryHandler<ListOrdersQuery> {
  constructor(private readonly readStore: ReadStore) {}

  async execute({ filter }: ListOrdersQuery): Promise<Page<OrderResource>> {
    const filters: Filter[] = [];
    if (filter.ownerIds) filters.push({ ownerId: { $in: [...filter.ownerIds] } });
    if (filter.opportunityId) filters.push({ opportunityId: filter.opportunityId });
    if (filter.quoteId) filters.push({ quoteId: filter.quoteId });
    if (filter.status) filters.push({ status: filter.status });
    const page = await findPage<OrderView>(this.readStore, ORDER_VIEWS, filters, {
      field: 'placedAt',
      direction: -1,
      limit: filter.limit,
      cursor: filter.cursor,
    });
    return { items: page.items.map(toOrderResource), nextCursor: page.nextCursor };
  }
}
