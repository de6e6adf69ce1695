import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { type Filter, findPage, type Page, ReadStore } from '@ledger/read-store';
import { QUOTE_VIEWS, type QuoteView } from '../quote-view/quote-view.document';
import { type QuoteResource, toQuoteResource } from '../quote-view/quote-resource';
import { ListQuotesQuery } from './list-quotes.query';

@QueryHandler(ListQuotesQuery)
export class ListQuotesHandler implements IQueryHandler<ListQuotesQuery> {
  constructor(private readonly readStore: ReadStore) {}

  async execute({ filter }: ListQuotesQuery): Promise<Page<QuoteResource>> {
    const filters: Filter[] = [];
    if (filter.ownerIds) filters.push({ ownerId: { $in: [...filter.ownerIds] } });
    if (filter.opportunityId) filters.push({ opportunityId: filter.opportunityId });
    if (filter.status) filters.push({ status: filter.status });
    const page = await findPage<QuoteView>(this.readStore, QUOTE_VIEWS, filters, {
      field: 'draftedAt',
      direction: -1,
      limit: filter.limit,
      cursor: filter.cursor,
    });
    return { items: page.items.map(toQuoteResource), nextCursor: page.nextCursor };
  }
}
