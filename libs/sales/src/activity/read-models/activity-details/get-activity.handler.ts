import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { ReadStore } from '@ledger/read-store';
import { type ActivityResource, toActivityResource } from '../activity-view/activity-resource';
import { ACTIVITY_VIEWS, type ActivityView } from '../activity-view/activity-view.document';
import { GetActivityQuery } from './get-activity.query';

@QueryHandler(GetActivityQuery)
export class GetActivityHandler implements IQueryHandler<GetActivityQuery> {
  constructor(private readonly readStore: ReadStore) {}

  async execute({ activityId }: GetActivityQuery): Promise<ActivityResource | null> {
    const view = await this.readStore.findOne<ActivityView>(ACTIVITY_VIEWS, { _id: activityId });
    return view ? toActivityResource(view) : null;
  }
}
