import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandResult, EventStore } from '@ledger/event-sourcing';
import { assertMayCreateTaskFor, mayActOnTask } from '../task-access';
import { decideTask } from '../task-stream';
import { CreateTaskCommand } from './create-task.command';

@CommandHandler(CreateTaskCommand)
export class CreateTaskHandler implements ICommandHandler<CreateTaskCommand> {
  constructor(private readonly store: EventStore) {}

  async execute({ taskId, payload, context }: CreateTaskCommand): Promise<CommandResult> {
    assertMayCreateTaskFor(context.actor, payload.assigneeId);
    return decideTask(this.store, taskId, { type: 'CreateTask', taskId, ...payload }, context, {
      authorize: mayActOnTask(context.actor),
    });
  }
}
