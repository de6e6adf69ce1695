import { aggregateStreams } from '@ledger/event-sourcing';
import { activityDecider, activityEvents } from '../domain';

const activities = aggregateStreams('activity', activityDecider, activityEvents);

export const ACTIVITY_CATEGORY = activities.category;
export const activityStream = activities.stream;
export const loadActivity = activities.load;
export const decideActivity = activities.handle;
