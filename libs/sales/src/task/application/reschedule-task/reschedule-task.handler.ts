import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandResult, EventStore } from '@ledger/event-sourcing';
import { mayActOnTask } from '../task-access';
import { decideTask } from '../task-stream';
import { RescheduleTaskCommand } from './reschedule-task.command';

@CommandHandler(RescheduleTaskCommand)
export class RescheduleTaskHandler implements ICommandHandler<RescheduleTaskCommand> {
  constructor(private readonly store: EventStore) {}

  execute({ taskId, payload, context }: RescheduleTaskCommand): Promise<CommandResult> {
    return decideTask(this.store, taskId, { type: 'RescheduleTask', taskId, ...payload }, context, {
      authorize: mayActOnTask(context.actor),
    });
  }
}
