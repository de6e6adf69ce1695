import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandResult, EventStore } from '@ledger/event-sourcing';
import { assertMayActFor } from '../opportunity-access';
import { decideOpportunity } from '../opportunity-stream';
import { OpenOpportunityCommand } from './open-opportunity.command';

@CommandHandler(OpenOpportunityCommand)
export class OpenOpportunityHandler implements ICommandHandler<OpenOpportunityCommand> {
  constructor(private readonly store: EventStore) {}

  execute({ opportunityId, payload, context }: OpenOpportunityCommand): Promise<CommandResult> {
    assertMayActFor(context.actor, payload.ownerId);
    return decideOpportunity(this.store, opportunityId, { type: 'OpenOpportunity', opportunityId, ...payload }, context);
  }
}
