import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandResult, EventStore } from '@ledger/event-sourcing';
import { assertMayActFor, loadOpportunity, OpportunityClosedError, OpportunityNotFoundError } from '../../../opportunity';
import { QuoteCurrencyMismatchError } from '../quote-application.errors';
import { decideQuote } from '../quote-stream';
import { DraftQuoteCommand } from './draft-quote.command';

const DEFAULT_CURRENCY = 'USD';

/** A quote is drafted for an open opportunity the actor may act on, in the currency of its amount. */
@CommandHandler(DraftQuoteCommand)
export class DraftQuoteHandler implements ICommandHandler<DraftQuoteCommand> {
  constructor(private readonly store: EventStore) {}

  async execute({ quoteId, payload, context }: DraftQuoteCommand): Promise<CommandResult> {
    const { opportunityId, validUntil, taxBp } = payload;
    const opportunity = await loadOpportunity(this.store, opportunityId);
    if (opportunity.status === 'initial') throw new OpportunityNotFoundError(opportunityId);
    assertMayActFor(context.actor, opportunity.ownerId, 'opportunities');
    if (opportunity.status !== 'open') throw new OpportunityClosedError(opportunity.status);
    const fromOpportunity = opportunity.amount?.currency;
    if (fromOpportunity !== undefined && payload.currency !== undefined && payload.currency !== fromOpportunity) {
      throw new QuoteCurrencyMismatchError(fromOpportunity, payload.currency);
    }
    const currency = fromOpportunity ?? payload.currency ?? DEFAULT_CURRENCY;
    return decideQuote(
      this.store,
      quoteId,
      { type: 'DraftQuote', quoteId, opportunityId, accountId: opportunity.accountId, currency, version: 1, previousQuoteId: null, validUntil, taxBp },
      context,
    );
  }
}
