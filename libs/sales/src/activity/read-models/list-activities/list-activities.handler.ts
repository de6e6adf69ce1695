import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { type Filter, findPage, type Page, ReadStore } from '@ledger/read-store';
import { type ActivityResource, toActivityResource } from '../activity-view/activity-resource';
import { ACTIVITY_VIEWS, type ActivityView } from '../activity-view/activity-view.document';
import { ListActivitiesQuery } from './list-activities.query';

@QueryHandler(ListActivitiesQuery)
export class ListActivitiesHandler implements IQueryHandler<ListActivitiesQuery> {
  constructor(private readonly readStore: ReadStore) {}

  async execute({ filter }: ListActivitiesQuery): Promise<Page<ActivityResource>> {
    const filters: Filter[] = [];
    if (filter.loggedByIds) filters.push({ loggedBy: { $in: [...filter.loggedByIds] } });
    if (filter.accountId) filters.push({ accountId: filter.accountId });
    if (filter.contactId) filters.push({ contactId: filter.contactId });
    if (filter.opportunityId) filters.push({ opportunityId: filter.opportunityId });
    if (filter.kind) filters.push({ kind: filter.kind });
    const page = await findPage<ActivityView>(this.readStore, ACTIVITY_VIEWS, filters, {
      field: 'occurredAt',
      direction: -1,
      limit: filter.limit,
      cursor: filter.cursor,
    });
    return { items: page.items.map(toActivityResource), nextCursor: page.nextCursor };
  }
}
