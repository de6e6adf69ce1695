import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandContext, type CommandResult, EventStore } from '@ledger/event-sourcing';
import { handleOpportunity } from '../../opportunity';
import { loadQuote } from '../../quote';

/** A quote's total changed: its opportunity follows (the total before tax) if the quote is its primary one. */
export class FollowQuoteTotalCommand extends Command<CommandResult | null> {
  constructor(
    readonly quoteId: string,
    readonly netMinor: number,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** Pricing events do not name the opportunity; the quote's stream does. */
@CommandHandler(FollowQuoteTotalCommand)
export class FollowQuoteTotalHandler implements ICommandHandler<FollowQuoteTotalCommand> {
  constructor(private readonly store: EventStore) {}

  async execute({ quoteId, netMinor, context }: FollowQuoteTotalCommand): Promise<CommandResult | null> {
    const quote = await loadQuote(this.store, quoteId);
    if (quote.status === 'initial') return null;
    const { opportunityId, currency } = quote;
    return handleOpportunity(this.store, { type: 'SyncQuoteAmount', opportunityId, quoteId, amount: { amountMinor: netMinor, currency } }, context);
  }
}
