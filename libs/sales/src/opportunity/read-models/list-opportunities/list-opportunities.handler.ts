import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { encodeSortedCursor, ReadStore, type SortKeyValue } from '@ledger/read-store';
import { toOpportunityResource } from '../opportunity-view/opportunity-resource';
import { OPPORTUNITY_VIEWS, type OpportunityView } from '../opportunity-view/opportunity-view.document';
import { ListOpportunitiesQuery, type OpportunityPage } from './list-opportunities.query';
import { opportunityListQuery, sortName } from './opportunity-list.mongo-query';

@QueryHandler(ListOpportunitiesQuery)
export class ListOpportunitiesHandler implements IQueryHandler<ListOpportunitiesQuery> {
  constructor(private readonly readStore: ReadStore) {}

  async execute({ filter }: ListOpportunitiesQuery): Promise<OpportunityPage> {
    const query = opportunityListQuery(filter);
    const found = await this.readStore.find<OpportunityView>(OPPORTUNITY_VIEWS, query.filter, {
      sort: query.sort,
      limit: filter.limit + 1,
      projection: { stageHistory: 0 },
    });
    const items = found.slice(0, filter.limit);
    const last = items.at(-1) as (OpportunityView & Record<string, SortKeyValue>) | undefined;
    const nextCursor = found.length > filter.limit && last ? encodeSortedCursor(sortName(filter), last[query.field] ?? null, last._id) : null;
    return { items: items.map(toOpportunityResource), nextCursor };
  }
}
