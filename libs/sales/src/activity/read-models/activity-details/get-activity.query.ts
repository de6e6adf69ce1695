import { Query } from '@nestjs/cqrs';
import type { ActivityResource } from '../activity-view/activity-resource';

export class GetActivityQuery extends Query<ActivityResource | null> {
  constructor(readonly activityId: string) {
    super();
  }
}
