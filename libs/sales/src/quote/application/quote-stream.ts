import {
  type CommandContext,
  type CommandResult,
  type EventStore,
  handleCommand,
  loadState,
  stamped,
  streamName,
  type WithoutTimeAndActor,
} from '@ledger/event-sourcing';
import { type QuoteCommand, quoteDecider, type QuoteState } from '../domain';
import { mayActOnQuote } from './quote-access';

export const QUOTE_CATEGORY = 'quote';

export const quoteStream = (quoteId: string): string => streamName(QUOTE_CATEGORY, quoteId);

export const loadQuote = (store: EventStore, quoteId: string): Promise<QuoteState> =>
  loadState(store, quoteDecider, quoteStream(quoteId));

/** Runs one quote command through the shared load → authorize → decide → append path. */
export const decideQuote = (
  store: EventStore,
  quoteId: string,
  command: WithoutTimeAndActor<QuoteCommand>,
  context: CommandContext,
): Promise<CommandResult> =>
  handleCommand(store, quoteDecider, quoteStream(quoteId), stamped<QuoteCommand>(command, context), context, {
    authorize: mayActOnQuote(store, context.actor),
  });
