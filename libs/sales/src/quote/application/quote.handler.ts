import {
  type Actor,
  aggregateCommandHandler,
  AggregateCommandMessage,
  aggregateStreams,
  type CommandContext,
  type CommandResult,
  EventStore,
  type WithoutTimeAndActor,
} from '@ledger/event-sourcing';
import { assertMayActFor, loadOpportunity, OpportunityClosedError } from '../../opportunity';
import { type QuoteCommand, quoteDecider, quoteEvents, type QuoteState } from '../domain';

const quotes = aggregateStreams('quote', quoteDecider, quoteEvents);

export const QUOTE_CATEGORY = quotes.category;
export const quoteStream = quotes.stream;
export const loadQuote = quotes.load;

/**
 * A rep acts on the quotes of their own opportunities; a quote not yet there is left to the domain.
 * A quote is accepted only while its opportunity is open: a sale lost, or won meanwhile (by hand or
 * by another quote), takes no order (read from the opportunity's stream, whatever the views say).
 */
export const authorizeQuoteCommand =
  (store: EventStore, actor: Actor, command: Pick<QuoteCommand, 'type'>) =>
  async (state: QuoteState): Promise<void> => {
    if (state.status === 'initial' || (actor.role !== 'rep' && command.type !== 'AcceptQuote')) return;
    const opportunity = await loadOpportunity(store, state.opportunityId);
    if (opportunity.status === 'initial') return;
    if (actor.role === 'rep') assertMayActFor(actor, opportunity.ownerId, 'quotes');
    if (command.type === 'AcceptQuote' && opportunity.status !== 'open') throw new OpportunityClosedError(opportunity.status);
  };

/** load → authorize (a rep acts on the quotes of their own opportunities; one is accepted only while its opportunity is open) → decide → append, for any quote command. */
export const handleQuote = (store: EventStore, command: WithoutTimeAndActor<QuoteCommand>, context: CommandContext): Promise<CommandResult> =>
  quotes.handle(store, command.quoteId, command, context, { authorize: authorizeQuoteCommand(store, context.actor, command) });

/** Any quote command, carried on the bus. */
export class QuoteCommandMessage extends AggregateCommandMessage<QuoteCommand> {}

export const QuoteHandler = aggregateCommandHandler(QuoteCommandMessage, handleQuote);
