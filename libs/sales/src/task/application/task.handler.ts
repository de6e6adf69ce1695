import { aggregateCommandHandler, AggregateCommandMessage, aggregateStreams, type CommandContext, type CommandResult, EventStore, type WithoutTimeAndActor } from '@ledger/event-sourcing';
import { requireActiveMember } from '../../team';
import { type TaskCommand, taskDecider, taskEvents } from '../domain';
import { assertMayCreateTaskFor, mayActOnTask } from './task-access';

const tasks = aggregateStreams('task', taskDecider, taskEvents);

export const TASK_CATEGORY = tasks.category;
export const taskStream = tasks.stream;
export const loadTask = tasks.load;

/**
 * load → authorize → decide → append for any task command: a rep creates tasks only for
 * themselves, and acts only on the tasks assigned to them; an assignee (creating, reassigning) is an
 * active member of the team directory, read from their stream.
 */
export const handleTask = async (store: EventStore, command: WithoutTimeAndActor<TaskCommand>, context: CommandContext): Promise<CommandResult> => {
  if (command.type === 'CreateTask') assertMayCreateTaskFor(context.actor, command.assigneeId);
  return tasks.handle(store, command.taskId, command, context, {
    authorize: async (state) => {
      mayActOnTask(context.actor)(state);
      // Creating a task that is already there, or reassigning one that is not, is left to `decide` to refuse as such.
      const newAssignee =
        (command.type === 'CreateTask' && state.status === 'initial') ||
        (command.type === 'ReassignTask' && state.status !== 'initial' && state.assigneeId !== command.assigneeId);
      if (newAssignee) await requireActiveMember(store, command.assigneeId, 'the assignee');
    },
  });
};

/** Any task command, carried on the bus. */
export class TaskCommandMessage extends AggregateCommandMessage<TaskCommand> {}

export const TaskHandler = aggregateCommandHandler(TaskCommandMessage, handleTask);
