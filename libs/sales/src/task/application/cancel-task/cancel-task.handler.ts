import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandResult, EventStore } from '@ledger/event-sourcing';
import { mayActOnTask } from '../task-access';
import { decideTask } from '../task-stream';
import { CancelTaskCommand } from './cancel-task.command';

@CommandHandler(CancelTaskCommand)
export class CancelTaskHandler implements ICommandHandler<CancelTaskCommand> {
  constructor(private readonly store: EventStore) {}

  execute({ taskId, payload, context }: CancelTaskCommand): Promise<CommandResult> {
    return decideTask(this.store, taskId, { type: 'CancelTask', taskId, ...payload }, context, {
      authorize: mayActOnTask(context.actor),
    });
  }
}
