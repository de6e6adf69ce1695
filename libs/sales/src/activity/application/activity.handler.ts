import { aggregateCommandHandler, AggregateCommandMessage, aggregateStreams, type CommandContext, type CommandResult, EventStore, type WithoutTimeAndActor } from '@ledger/event-sourcing';
import { requireActiveMember } from '../../team';
import { type ActivityCommand, activityDecider, activityEvents } from '../domain';
import { assertMayAssignNextStep, mayCorrectActivity } from './activity-access';

const activities = aggregateStreams('activity', activityDecider, activityEvents);

export const ACTIVITY_CATEGORY = activities.category;
export const activityStream = activities.stream;
export const loadActivity = activities.load;

/**
 * load → authorize → decide → append for any activity command: a rep's next step is their own (it
 * becomes a task of its assignee, an active member of the team directory), and a rep corrects only
 * the activities they logged.
 */
export const handleActivity = async (
  store: EventStore,
  command: WithoutTimeAndActor<ActivityCommand>,
  context: CommandContext,
): Promise<CommandResult> => {
  switch (command.type) {
    case 'LogActivity':
      if (command.nextStep !== null) assertMayAssignNextStep(context.actor, command.nextStep.assigneeId);
      return activities.handle(store, command.activityId, command, context, {
        authorize: async (state) => {
          // A next step becomes a task of its assignee; logging an activity that is already there is left to `decide`.
          if (command.nextStep !== null && state.status === 'initial') await requireActiveMember(store, command.nextStep.assigneeId, 'the assignee of a next step');
        },
      });
    case 'CorrectActivity':
      return activities.handle(store, command.activityId, command, context, { authorize: mayCorrectActivity(context.actor) });
  }
};

/** Any activity command, carried on the bus. */
export class ActivityCommandMessage extends AggregateCommandMessage<ActivityCommand> {}

export const ActivityHandler = aggregateCommandHandler(ActivityCommandMessage, handleActivity);
