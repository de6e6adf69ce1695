import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandResult, EventStore } from '@ledger/event-sourcing';
import { mayActOnTask } from '../task-access';
import { decideTask } from '../task-stream';
import { ReassignTaskCommand } from './reassign-task.command';

@CommandHandler(ReassignTaskCommand)
export class ReassignTaskHandler implements ICommandHandler<ReassignTaskCommand> {
  constructor(private readonly store: EventStore) {}

  execute({ taskId, payload, context }: ReassignTaskCommand): Promise<CommandResult> {
    return decideTask(this.store, taskId, { type: 'ReassignTask', taskId, ...payload }, context, {
      authorize: mayActOnTask(context.actor),
    });
  }
}
