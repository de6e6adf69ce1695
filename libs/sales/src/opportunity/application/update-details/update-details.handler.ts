import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandResult, EventStore } from '@ledger/event-sourcing';
import { decideOpportunity } from '../opportunity-stream';
import { UpdateDetailsCommand } from './update-details.command';

@CommandHandler(UpdateDetailsCommand)
export class UpdateDetailsHandler implements ICommandHandler<UpdateDetailsCommand> {
  constructor(private readonly store: EventStore) {}

  execute({ opportunityId, payload, context }: UpdateDetailsCommand): Promise<CommandResult> {
    return decideOpportunity(this.store, opportunityId, { type: 'UpdateOpportunityDetails', opportunityId, ...payload }, context);
  }
}
