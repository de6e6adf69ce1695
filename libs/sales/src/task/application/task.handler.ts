import { aggregateCommandHandler, AggregateCommandMessage, aggregateStreams, type CommandContext, type CommandResult, EventStore, type WithoutTimeAndActor } from '@ledger/event-sourcing';
import { type TaskCommand, taskDecider, taskEvents } from '../domain';
import { assertMayCreateTaskFor, mayActOnTask } from './task-access';

const tasks = aggregateStreams('task', taskDecider, taskEvents);

export const TASK_CATEGORY = tasks.category;
export const taskStream = tasks.stream;
export const loadTask = tasks.load;

/**
 * load → authorize → decide → append for any task command: a rep creates tasks only for
 * themselves, and acts only on the tasks assigned to them.
 */
export const handleTask = async (store: EventStore, command: WithoutTimeAndActor<TaskCommand>, context: CommandContext): Promise<CommandResult> => {
  if (command.type === 'CreateTask') assertMayCreateTaskFor(context.actor, command.assigneeId);
  return tasks.handle(store, command.taskId, command, context, { authorize: mayActOnTask(context.actor) });
};

/** Any task command, carried on the bus. */
export class TaskCommandMessage extends AggregateCommandMessage<TaskCommand> {}

export const TaskHandler = aggregateCommandHandler(TaskCommandMessage, handleTask);
