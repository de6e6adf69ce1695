import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { decodeCursor, encodeCursor, type Page, ReadStore } from '@ledger/read-store';
import { ACCOUNT_VIEWS } from '../../../account';
import { OPPORTUNITY_VIEWS } from '../../../opportunity';
import { readTimelines, type TimelineEntry } from '../timeline-entry.document';
import { accountFamily, opportunitiesOfAccounts, type TimelineScope, timelineStreams } from '../timeline-scope';
import { GetTimelineQuery } from './get-timeline.query';
import { type TimelineItem, toTimelineItem } from './timeline-item';

const newestFirst = (a: TimelineEntry, b: TimelineEntry): number =>
  a.sortKey !== b.sortKey ? (a.sortKey < b.sortKey ? 1 : -1) : a.eventId < b.eventId ? 1 : a.eventId > b.eventId ? -1 : 0;

@QueryHandler(GetTimelineQuery)
export class GetTimelineHandler implements IQueryHandler<GetTimelineQuery> {
  constructor(private readonly readStore: ReadStore) {}

  async execute({ subject, page, ownerIds }: GetTimelineQuery): Promise<Page<TimelineItem> | null> {
    const scope = subject.kind === 'account' ? await this.accountScope(subject.id, ownerIds) : await this.opportunityScope(subject.id);
    if (!scope) return null;
    const streams = await timelineStreams(this.readStore, scope);
    const timelines = await readTimelines(this.readStore, streams);
    const kinds = page.kinds?.length ? new Set(page.kinds) : null;
    const after = page.cursor ? decodeCursor(page.cursor) : null;
    const [afterKey, afterId] = after ?? ['', ''];
    const entries = timelines
      .flatMap((timeline) => timeline.entries)
      .filter((entry) => !kinds || kinds.has(entry.kind))
      .filter((entry) => !after || entry.sortKey < afterKey || (entry.sortKey === afterKey && entry.eventId < afterId))
      .sort(newestFirst);
    const items = entries.slice(0, page.limit);
    const last = items.at(-1);
    const currencies = new Map(timelines.map((timeline) => [timeline.streamName, timeline.currency]));
    return {
      items: items.map((entry) => toTimelineItem(entry, currencies.get(entry.streamName))),
      nextCursor: entries.length > page.limit && last ? encodeCursor(last.sortKey, last.eventId) : null,
    };
  }

  /**
   * A merged account shows its own history; a survivor shows its own and every merged account's.
   * The opportunities of owners the reader may not see, and everything about them, are left out.
   */
  private async accountScope(accountId: string, ownerIds: readonly string[] | undefined): Promise<TimelineScope | null> {
    if (!(await this.readStore.findOne(ACCOUNT_VIEWS, { _id: accountId }))) return null;
    const accountIds = await accountFamily(this.readStore, accountId);
    const opportunities = await opportunitiesOfAccounts(this.readStore, accountIds);
    const readable = (opportunity: { ownerId: string }) => ownerIds === undefined || ownerIds.includes(opportunity.ownerId);
    return {
      accountIds,
      opportunityIds: opportunities.filter(readable).map((opportunity) => opportunity._id),
      hiddenOpportunityIds: opportunities.filter((opportunity) => !readable(opportunity)).map((opportunity) => opportunity._id),
    };
  }

  private async opportunityScope(opportunityId: string): Promise<TimelineScope | null> {
    if (!(await this.readStore.findOne(OPPORTUNITY_VIEWS, { _id: opportunityId }))) return null;
    return { accountIds: [], opportunityIds: [opportunityId], hiddenOpportunityIds: [] };
  }
}
