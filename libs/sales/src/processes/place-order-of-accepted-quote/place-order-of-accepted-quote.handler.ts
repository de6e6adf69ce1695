import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandContext, derivedCommandId, EventStore, type WithoutTimeAndActor } from '@ledger/event-sourcing';
import { loadOpportunity } from '../../opportunity';
import { handleOrder, type PlaceOrder } from '../../order';
import { handleQuote } from '../../quote';

/** A quote was accepted: place its order, unless its opportunity was lost meanwhile. */
export class PlaceOrderOfAcceptedQuoteCommand extends Command<void> {
  constructor(
    readonly placing: WithoutTimeAndActor<PlaceOrder>,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/**
 * The acceptance checked that the opportunity was open, but a loss may be recorded between that
 * check and the acceptance's append. Then no order is placed (it would be approved and the won
 * process could never win a lost sale): the quote records QuoteOrderWithheld instead, so nothing is
 * parked and an auditor reads in the quote's history why no order followed. One read of the
 * opportunity's stream per accepted quote.
 */
@CommandHandler(PlaceOrderOfAcceptedQuoteCommand)
export class PlaceOrderOfAcceptedQuoteHandler implements ICommandHandler<PlaceOrderOfAcceptedQuoteCommand> {
  constructor(private readonly store: EventStore) {}

  async execute({ placing, context }: PlaceOrderOfAcceptedQuoteCommand): Promise<void> {
    const opportunity = await loadOpportunity(this.store, placing.opportunityId);
    if (opportunity.status === 'lost') {
      await handleQuote(
        this.store,
        { type: 'WithholdOrder', quoteId: placing.quoteId, reason: 'opportunity-lost' },
        { ...context, commandId: derivedCommandId(context.commandId, 'withhold-order') },
      );
      return;
    }
    await handleOrder(this.store, placing, context);
  }
}
