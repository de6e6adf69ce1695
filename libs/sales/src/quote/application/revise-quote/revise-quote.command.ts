import { Command } from '@nestjs/cqrs';
import type { CommandContext, CommandResult } from '@ledger/event-sourcing';

export type ReviseQuotePayload = {
  /** The id of the next version, drafted by the same command. */
  readonly newQuoteId: string;
  /** The next version's validity; the previous one's if still ahead, else 30 days from today. */
  readonly validUntil?: string;
};

/** Answers with the result of drafting the next version. */
export class ReviseQuoteCommand extends Command<CommandResult> {
  constructor(
    readonly quoteId: string,
    readonly payload: ReviseQuotePayload,
    readonly context: CommandContext,
  ) {
    super();
  }
}
