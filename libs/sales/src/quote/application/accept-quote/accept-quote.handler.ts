import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandResult, EventStore } from '@ledger/event-sourcing';
import { decideQuote } from '../quote-stream';
import { AcceptQuoteCommand } from './accept-quote.command';

@CommandHandler(AcceptQuoteCommand)
export class AcceptQuoteHandler implements ICommandHandler<AcceptQuoteCommand> {
  constructor(private readonly store: EventStore) {}

  execute({ quoteId, payload, context }: AcceptQuoteCommand): Promise<CommandResult> {
    return decideQuote(this.store, quoteId, { type: 'AcceptQuote', quoteId, ...payload }, context);
  }
}
