import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandResult, EventStore } from '@ledger/event-sourcing';
import { decideQuote } from '../quote-stream';
import { RecallQuoteCommand } from './recall-quote.command';

@CommandHandler(RecallQuoteCommand)
export class RecallQuoteHandler implements ICommandHandler<RecallQuoteCommand> {
  constructor(private readonly store: EventStore) {}

  execute({ quoteId, payload, context }: RecallQuoteCommand): Promise<CommandResult> {
    return decideQuote(this.store, quoteId, { type: 'RecallQuote', quoteId, ...payload }, context);
  }
}
