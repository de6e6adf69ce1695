import { aggregateStreams, type CommandContext, type CommandResult, type EventStore, type WithoutTimeAndActor } from '@ledger/event-sourcing';
import { type QuoteCommand, quoteDecider, quoteEvents } from '../domain';
import { mayActOnQuote } from './quote-access';

const quotes = aggregateStreams('quote', quoteDecider, quoteEvents);

export const QUOTE_CATEGORY = quotes.category;
export const quoteStream = quotes.stream;
export const loadQuote = quotes.load;

/** load → authorize → decide → append for any quote command. */
export const handleQuote = (store: EventStore, command: WithoutTimeAndActor<QuoteCommand>, context: CommandContext): Promise<CommandResult> =>
  quotes.handle(store, command.quoteId, command, context, { authorize: mayActOnQuote(store, context.actor) });

/** Runs one quote command through the shared load → authorize → decide → append path. */
export const decideQuote = (
  store: EventStore,
  quoteId: string,
  command: WithoutTimeAndActor<QuoteCommand>,
  context: CommandContext,
): Promise<CommandResult> => quotes.handle(store, quoteId, command, context, { authorize: mayActOnQuote(store, context.actor) });
