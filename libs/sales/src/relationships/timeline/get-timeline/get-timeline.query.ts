import { Query } from '@nestjs/cqrs';
import type { Page } from '@ledger/read-store';
import type { TimelineItem } from './timeline-item';

export type TimelineSubject = { readonly kind: 'account' | 'opportunity'; readonly id: string };

/** Activities, tasks, stage changes, quotes and orders of an account or an opportunity, newest first; null if it does not exist. */
export class GetTimelineQuery extends Query<Page<TimelineItem> | null> {
  constructor(
    readonly subject: TimelineSubject,
    readonly page: { readonly limit: number; readonly cursor?: string; readonly kinds?: readonly string[] },
    /** An account's timeline leaves out the opportunities of other owners than these (a rep: themselves; a manager with a team: the team's); absent: none. */
    readonly ownerIds?: readonly string[],
  ) {
    super();
  }
}
