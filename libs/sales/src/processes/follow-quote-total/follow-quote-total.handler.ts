import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandResult, EventStore } from '@ledger/event-sourcing';
import { decideOpportunity } from '../../opportunity';
import { loadQuote } from '../../quote';
import { FollowQuoteTotalCommand } from './follow-quote-total.command';

/** Pricing events do not name the opportunity; the quote's stream does. */
@CommandHandler(FollowQuoteTotalCommand)
export class FollowQuoteTotalHandler implements ICommandHandler<FollowQuoteTotalCommand> {
  constructor(private readonly store: EventStore) {}

  async execute({ quoteId, netMinor, context }: FollowQuoteTotalCommand): Promise<CommandResult | null> {
    const quote = await loadQuote(this.store, quoteId);
    if (quote.status === 'initial') return null;
    const { opportunityId, currency } = quote;
    return decideOpportunity(
      this.store,
      opportunityId,
      { type: 'SyncQuoteAmount', opportunityId, quoteId, amount: { amountMinor: netMinor, currency } },
      context,
    );
  }
}
