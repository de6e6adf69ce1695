import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandResult, EventStore } from '@ledger/event-sourcing';
import { assertMayAssignNextStep } from '../activity-access';
import { decideActivity } from '../activity-stream';
import { LogActivityCommand } from './log-activity.command';

@CommandHandler(LogActivityCommand)
export class LogActivityHandler implements ICommandHandler<LogActivityCommand> {
  constructor(private readonly store: EventStore) {}

  async execute({ activityId, payload, context }: LogActivityCommand): Promise<CommandResult> {
    if (payload.nextStep !== null) assertMayAssignNextStep(context.actor, payload.nextStep.assigneeId);
    return decideActivity(this.store, activityId, { type: 'LogActivity', activityId, ...payload }, context);
  }
}
