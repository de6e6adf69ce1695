import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandResult, EventStore } from '@ledger/event-sourcing';
import { decideQuote } from '../quote-stream';
import { ExpireQuoteCommand } from './expire-quote.command';

@CommandHandler(ExpireQuoteCommand)
export class ExpireQuoteHandler implements ICommandHandler<ExpireQuoteCommand> {
  constructor(private readonly store: EventStore) {}

  execute({ quoteId, payload, context }: ExpireQuoteCommand): Promise<CommandResult> {
    return decideQuote(this.store, quoteId, { type: 'ExpireQuote', quoteId, ...payload }, context);
  }
}
