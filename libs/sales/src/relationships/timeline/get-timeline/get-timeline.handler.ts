import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { type Filter, findPage, type Page, ReadStore } from '@ledger/read-store';
import { ACCOUNT_VIEWS } from '../../../account';
import { OPPORTUNITY_VIEWS } from '../../../opportunity';
import { TIMELINE_ENTRIES, type TimelineEntry } from '../timeline-entry.document';
import { accountFamily, opportunitiesOfAccounts, timelineFilter } from '../timeline-scope';
import { GetTimelineQuery } from './get-timeline.query';
import { type TimelineItem, toTimelineItem } from './timeline-item';

@QueryHandler(GetTimelineQuery)
export class GetTimelineHandler implements IQueryHandler<GetTimelineQuery> {
  constructor(private readonly readStore: ReadStore) {}

  async execute({ subject, page }: GetTimelineQuery): Promise<Page<TimelineItem> | null> {
    const scope = subject.kind === 'account' ? await this.accountScope(subject.id) : await this.opportunityScope(subject.id);
    if (!scope) return null;
    const filters: Filter[] = [await timelineFilter(this.readStore, scope)];
    if (page.kinds?.length) filters.push({ kind: { $in: page.kinds } });
    const found = await findPage<TimelineEntry>(this.readStore, TIMELINE_ENTRIES, filters, {
      field: 'sortKey',
      direction: -1,
      limit: page.limit,
      cursor: page.cursor,
    });
    return { items: found.items.map(toTimelineItem), nextCursor: found.nextCursor };
  }

  /** A merged account shows its own history; a survivor shows its own and every merged account's. */
  private async accountScope(accountId: string) {
    if (!(await this.readStore.findOne(ACCOUNT_VIEWS, { _id: accountId }))) return null;
    const accountIds = await accountFamily(this.readStore, accountId);
    return { accountIds, opportunityIds: await opportunitiesOfAccounts(this.readStore, accountIds) };
  }

  private async opportunityScope(opportunityId: string) {
    if (!(await this.readStore.findOne(OPPORTUNITY_VIEWS, { _id: opportunityId }))) return null;
    return { accountIds: [], opportunityIds: [opportunityId] };
  }
}
