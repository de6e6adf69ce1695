import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandResult, EventStore } from '@ledger/event-sourcing';
import { mayActOnTask } from '../task-access';
import { decideTask } from '../task-stream';
import { ChangeTaskPriorityCommand } from './change-task-priority.command';

@CommandHandler(ChangeTaskPriorityCommand)
export class ChangeTaskPriorityHandler implements ICommandHandler<ChangeTaskPriorityCommand> {
  constructor(private readonly store: EventStore) {}

  execute({ taskId, payload, context }: ChangeTaskPriorityCommand): Promise<CommandResult> {
    return decideTask(this.store, taskId, { type: 'ChangeTaskPriority', taskId, ...payload }, context, {
      authorize: mayActOnTask(context.actor),
    });
  }
}
