import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandResult, EventStore } from '@ledger/event-sourcing';
import { decideQuote } from '../quote-stream';
import { SetQuoteDiscountCommand } from './set-quote-discount.command';

@CommandHandler(SetQuoteDiscountCommand)
export class SetQuoteDiscountHandler implements ICommandHandler<SetQuoteDiscountCommand> {
  constructor(private readonly store: EventStore) {}

  execute({ quoteId, payload, context }: SetQuoteDiscountCommand): Promise<CommandResult> {
    return decideQuote(this.store, quoteId, { type: 'SetQuoteDiscount', quoteId, ...payload }, context);
  }
}
