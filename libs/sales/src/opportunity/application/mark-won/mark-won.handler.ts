import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandResult, EventStore } from '@ledger/event-sourcing';
import { decideOpportunity } from '../opportunity-stream';
import { MarkWonCommand } from './mark-won.command';

@CommandHandler(MarkWonCommand)
export class MarkWonHandler implements ICommandHandler<MarkWonCommand> {
  constructor(private readonly store: EventStore) {}

  execute({ opportunityId, payload, context }: MarkWonCommand): Promise<CommandResult> {
    return decideOpportunity(this.store, opportunityId, { type: 'MarkWon', opportunityId, ...payload }, context);
  }
}
