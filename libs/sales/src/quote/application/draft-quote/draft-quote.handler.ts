import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandContext, type CommandResult, EventStore } from '@ledger/event-sourcing';
import { assertMayActFor, loadOpportunity, OpportunityClosedError, OpportunityNotFoundError } from '../../../opportunity';
import type { DraftQuote } from '../../domain';
import { QuoteCurrencyMismatchError } from '../quote-application.errors';
import { handleQuote } from '../quote.handler';

const DEFAULT_CURRENCY = 'USD';

export type QuoteDraft = Pick<DraftQuote, 'quoteId' | 'opportunityId' | 'validUntil' | 'taxBp'> & {
  /** Only needed when the opportunity has no amount yet; otherwise it must match the amount's currency. */
  readonly currency?: string;
};

/** Drafts the first version of a quote; its account and currency come from the opportunity. */
export class DraftQuoteCommand extends Command<CommandResult> {
  constructor(
    readonly draft: QuoteDraft,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** A quote is drafted for an open opportunity the actor may act on, in the currency of its amount. */
@CommandHandler(DraftQuoteCommand)
export class DraftQuoteHandler implements ICommandHandler<DraftQuoteCommand> {
  constructor(private readonly store: EventStore) {}

  async execute({ draft, context }: DraftQuoteCommand): Promise<CommandResult> {
    const { quoteId, opportunityId, validUntil, taxBp } = draft;
    const opportunity = await loadOpportunity(this.store, opportunityId);
    if (opportunity.status === 'initial') throw new OpportunityNotFoundError(opportunityId);
    assertMayActFor(context.actor, opportunity.ownerId, 'opportunities');
    if (opportunity.status !== 'open') throw new OpportunityClosedError(opportunity.status);
    const fromOpportunity = opportunity.amount?.currency;
    if (fromOpportunity !== undefined && draft.currency !== undefined && draft.currency !== fromOpportunity) {
      throw new QuoteCurrencyMismatchError(fromOpportunity, draft.currency);
    }
    const currency = fromOpportunity ?? draft.currency ?? DEFAULT_CURRENCY;
    return handleQuote(
      this.store,
      { type: 'DraftQuote', quoteId, opportunityId, accountId: opportunity.accountId, currency, version: 1, previousQuoteId: null, validUntil, taxBp },
      context,
    );
  }
}
