import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandResult, EventStore } from '@ledger/event-sourcing';
import { decideOpportunity } from '../opportunity-stream';
import { ReopenCommand } from './reopen.command';

@CommandHandler(ReopenCommand)
export class ReopenHandler implements ICommandHandler<ReopenCommand> {
  constructor(private readonly store: EventStore) {}

  execute({ opportunityId, payload, context }: ReopenCommand): Promise<CommandResult> {
    return decideOpportunity(this.store, opportunityId, { type: 'Reopen', opportunityId, ...payload }, context);
  }
}
