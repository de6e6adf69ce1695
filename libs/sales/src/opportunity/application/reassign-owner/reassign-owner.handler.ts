import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandResult, EventStore } from '@ledger/event-sourcing';
import { decideOpportunity } from '../opportunity-stream';
import { ReassignOwnerCommand } from './reassign-owner.command';

@CommandHandler(ReassignOwnerCommand)
export class ReassignOwnerHandler implements ICommandHandler<ReassignOwnerCommand> {
  constructor(private readonly store: EventStore) {}

  execute({ opportunityId, payload, context }: ReassignOwnerCommand): Promise<CommandResult> {
    return decideOpportunity(this.store, opportunityId, { type: 'ReassignOwner', opportunityId, ...payload }, context);
  }
}
