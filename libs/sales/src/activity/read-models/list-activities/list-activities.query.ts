import { Query } from '@nestjs/cqrs';
import type { Page } from '@ledger/read-store';
import type { ActivityKind } from '../../domain';
import type { ActivityResource } from '../activity-view/activity-resource';

export type ActivityListFilter = {
  /** The people whose logged activities the caller may list (a rep: only themselves; a manager with a team: the team's); absent: everyone's. */
  readonly loggedByIds?: readonly string[];
  readonly accountId?: string;
  readonly contactId?: string;
  readonly opportunityId?: string;
  readonly kind?: ActivityKind;
  readonly limit: number;
  readonly cursor?: string;
};

/** Latest activities first, by when they happened. */
export class ListActivitiesQuery extends Query<Page<ActivityResource>> {
  constructor(readonly filter: ActivityListFilter) {
    super();
  }
}
