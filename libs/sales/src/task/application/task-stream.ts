import { aggregateStreams, type CommandContext, type CommandResult, type EventStore, type WithoutTimeAndActor } from '@ledger/event-sourcing';
import { type TaskCommand, taskDecider, taskEvents } from '../domain';

const tasks = aggregateStreams('task', taskDecider, taskEvents);

export const TASK_CATEGORY = tasks.category;
export const taskStream = tasks.stream;
export const loadTask = tasks.load;
export const decideTask = tasks.handle;

/** load → decide → append for any task command. */
export const handleTask = (store: EventStore, command: WithoutTimeAndActor<TaskCommand>, context: CommandContext): Promise<CommandResult> =>
  tasks.handle(store, command.taskId, command, context);
