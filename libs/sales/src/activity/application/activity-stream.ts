import { aggregateStreams, type CommandContext, type CommandResult, type EventStore, type WithoutTimeAndActor } from '@ledger/event-sourcing';
import { type ActivityCommand, activityDecider, activityEvents } from '../domain';

const activities = aggregateStreams('activity', activityDecider, activityEvents);

export const ACTIVITY_CATEGORY = activities.category;
export const activityStream = activities.stream;
export const loadActivity = activities.load;
export const decideActivity = activities.handle;

/** load → decide → append for any activity command. */
export const handleActivity = (store: EventStore, command: WithoutTimeAndActor<ActivityCommand>, context: CommandContext): Promise<CommandResult> =>
  activities.handle(store, command.activityId, command, context);
