import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandResult, EventStore } from '@ledger/event-sourcing';
import { decideQuote } from '../quote-stream';
import { ApproveQuoteCommand } from './approve-quote.command';

@CommandHandler(ApproveQuoteCommand)
export class ApproveQuoteHandler implements ICommandHandler<ApproveQuoteCommand> {
  constructor(private readonly store: EventStore) {}

  execute({ quoteId, payload, context }: ApproveQuoteCommand): Promise<CommandResult> {
    return decideQuote(this.store, quoteId, { type: 'ApproveQuote', quoteId, ...payload }, context);
  }
}
