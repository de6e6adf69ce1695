import { Command } from '@nestjs/cqrs';
import type { CommandContext, CommandResult } from '@ledger/event-sourcing';

/** A quote's total changed: its opportunity follows if the quote is its primary one. */
export class FollowQuoteTotalCommand extends Command<CommandResult | null> {
  constructor(
    readonly quoteId: string,
    readonly totalMinor: number,
    readonly context: CommandContext,
  ) {
    super();
  }
}
