import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandResult, EventStore } from '@ledger/event-sourcing';
import { mayActOnTask } from '../task-access';
import { decideTask } from '../task-stream';
import { CompleteTaskCommand } from './complete-task.command';

@CommandHandler(CompleteTaskCommand)
export class CompleteTaskHandler implements ICommandHandler<CompleteTaskCommand> {
  constructor(private readonly store: EventStore) {}

  execute({ taskId, payload, context }: CompleteTaskCommand): Promise<CommandResult> {
    return decideTask(this.store, taskId, { type: 'CompleteTask', taskId, ...payload }, context, {
      authorize: mayActOnTask(context.actor),
    });
  }
}
