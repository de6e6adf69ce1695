import { CorrectActivityHandler } from './correct-activity/correct-activity.handler';
import { LogActivityHandler } from './log-activity/log-activity.handler';

export * from './activity-stream';
export * from './activity-access';
export * from './correct-activity/correct-activity.command';
export * from './log-activity/log-activity.command';

export const activityCommandHandlers = [LogActivityHandler, CorrectActivityHandler];
