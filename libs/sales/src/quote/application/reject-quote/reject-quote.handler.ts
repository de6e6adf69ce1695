import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandResult, EventStore } from '@ledger/event-sourcing';
import { decideQuote } from '../quote-stream';
import { RejectQuoteCommand } from './reject-quote.command';

@CommandHandler(RejectQuoteCommand)
export class RejectQuoteHandler implements ICommandHandler<RejectQuoteCommand> {
  constructor(private readonly store: EventStore) {}

  execute({ quoteId, payload, context }: RejectQuoteCommand): Promise<CommandResult> {
    return decideQuote(this.store, quoteId, { type: 'RejectQuote', quoteId, ...payload }, context);
  }
}
