import { GetActivityHandler } from './activity-details/get-activity.handler';
import { ListActivitiesHandler } from './list-activities/list-activities.handler';

export * from './activity-view/activity-view.document';
export * from './activity-view/activity-view.projection';
export * from './activity-view/activity-resource';
export * from './list-activities/list-activities.query';
export * from './activity-details/get-activity.query';

export const activityQueryHandlers = [ListActivitiesHandler, GetActivityHandler];
