import { aggregateCommandHandler, AggregateCommandMessage, aggregateStreams, type CommandContext, type CommandResult, EventStore, type WithoutTimeAndActor } from '@ledger/event-sourcing';
import { type QuoteCommand, quoteDecider, quoteEvents } from '../domain';
import { authorizeQuoteCommand } from './quote-access';

const quotes = aggregateStreams('quote', quoteDecider, quoteEvents);

export const QUOTE_CATEGORY = quotes.category;
export const quoteStream = quotes.stream;
export const loadQuote = quotes.load;

/** load → authorize (a rep acts on the quotes of their own opportunities; one is accepted only while its opportunity is open) → decide → append, for any quote command. */
export const handleQuote = (store: EventStore, command: WithoutTimeAndActor<QuoteCommand>, context: CommandContext): Promise<CommandResult> =>
  quotes.handle(store, command.quoteId, command, context, { authorize: authorizeQuoteCommand(store, context.actor, command) });

/** Any quote command, carried on the bus. */
export class QuoteCommandMessage extends AggregateCommandMessage<QuoteCommand> {}

export const QuoteHandler = aggregateCommandHandler(QuoteCommandMessage, handleQuote);
