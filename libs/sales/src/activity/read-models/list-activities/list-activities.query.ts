import { Query } from '@nestjs/cqrs';
import type { Page } from '@ledger/read-store';
import type { ActivityKind } from '../../domain';
import type { ActivityResource } from '../activity-view/activity-resource';

export type ActivityListFilter = {
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
