import { ActivityHandler } from './activity.handler';

export * from './activity.handler';
export * from './activity-access';

export const activityCommandHandlers = [ActivityHandler];
