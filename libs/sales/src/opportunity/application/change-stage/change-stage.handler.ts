import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandResult, EventStore } from '@ledger/event-sourcing';
import { decideOpportunity } from '../opportunity-stream';
import { ChangeStageCommand } from './change-stage.command';

@CommandHandler(ChangeStageCommand)
export class ChangeStageHandler implements ICommandHandler<ChangeStageCommand> {
  constructor(private readonly store: EventStore) {}

  execute({ opportunityId, payload, context }: ChangeStageCommand): Promise<CommandResult> {
    return decideOpportunity(this.store, opportunityId, { type: 'ChangeStage', opportunityId, ...payload }, context);
  }
}
