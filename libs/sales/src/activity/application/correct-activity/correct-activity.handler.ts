import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandResult, EventStore } from '@ledger/event-sourcing';
import { mayCorrectActivity } from '../activity-access';
import { decideActivity } from '../activity-stream';
import { CorrectActivityCommand } from './correct-activity.command';

@CommandHandler(CorrectActivityCommand)
export class CorrectActivityHandler implements ICommandHandler<CorrectActivityCommand> {
  constructor(private readonly store: EventStore) {}

  execute({ activityId, payload, context }: CorrectActivityCommand): Promise<CommandResult> {
    return decideActivity(this.store, activityId, { type: 'CorrectActivity', activityId, ...payload }, context, {
      authorize: mayCorrectActivity(context.actor),
    });
  }
}
