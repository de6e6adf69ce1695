import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandResult, EventStore } from '@ledger/event-sourcing';
import { decideOpportunity } from '../opportunity-stream';
import { SyncQuoteAmountCommand } from './sync-quote-amount.command';

@CommandHandler(SyncQuoteAmountCommand)
export class SyncQuoteAmountHandler implements ICommandHandler<SyncQuoteAmountCommand> {
  constructor(private readonly store: EventStore) {}

  execute({ opportunityId, payload, context }: SyncQuoteAmountCommand): Promise<CommandResult> {
    return decideOpportunity(this.store, opportunityId, { type: 'SyncQuoteAmount', opportunityId, ...payload }, context);
  }
}
