import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandResult, EventStore } from '@ledger/event-sourcing';
import { decideQuote } from '../quote-stream';
import { DeclineQuoteCommand } from './decline-quote.command';

@CommandHandler(DeclineQuoteCommand)
export class DeclineQuoteHandler implements ICommandHandler<DeclineQuoteCommand> {
  constructor(private readonly store: EventStore) {}

  execute({ quoteId, payload, context }: DeclineQuoteCommand): Promise<CommandResult> {
    return decideQuote(this.store, quoteId, { type: 'DeclineQuote', quoteId, ...payload }, context);
  }
}
