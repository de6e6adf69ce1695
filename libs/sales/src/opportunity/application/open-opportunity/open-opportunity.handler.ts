import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandResult, EventStore } from '@ledger/event-sourcing';
import { decideOpportunity } from '../opportunity-stream';
import { OpenOpportunityCommand } from './open-opportunity.command';

@CommandHandler(OpenOpportunityCommand)
export class OpenOpportunityHandler implements ICommandHandler<OpenOpportunityCommand> {
  constructor(private readonly store: EventStore) {}

  execute({ opportunityId, payload, context }: OpenOpportunityCommand): Promise<CommandResult> {
    return decideOpportunity(this.store, opportunityId, { type: 'OpenOpportunity', opportunityId, ...payload }, context);
  }
}
