import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandResult, EventStore } from '@ledger/event-sourcing';
import { decideOpportunity } from '../opportunity-stream';
import { SetPrimaryQuoteCommand } from './set-primary-quote.command';

@CommandHandler(SetPrimaryQuoteCommand)
export class SetPrimaryQuoteHandler implements ICommandHandler<SetPrimaryQuoteCommand> {
  constructor(private readonly store: EventStore) {}

  execute({ opportunityId, payload, context }: SetPrimaryQuoteCommand): Promise<CommandResult> {
    return decideOpportunity(this.store, opportunityId, { type: 'SetPrimaryQuote', opportunityId, ...payload }, context);
  }
}
