import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandResult, EventStore } from '@ledger/event-sourcing';
import { decideQuote } from '../quote-stream';
import { SendQuoteCommand } from './send-quote.command';

@CommandHandler(SendQuoteCommand)
export class SendQuoteHandler implements ICommandHandler<SendQuoteCommand> {
  constructor(private readonly store: EventStore) {}

  execute({ quoteId, payload, context }: SendQuoteCommand): Promise<CommandResult> {
    return decideQuote(this.store, quoteId, { type: 'SendQuote', quoteId, ...payload }, context);
  }
}
