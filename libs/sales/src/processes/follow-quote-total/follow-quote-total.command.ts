import { Command } from '@nestjs/cqrs';
import type { CommandContext, CommandResult } from '@ledger/event-sourcing';

/** A quote's total changed: its opportunity follows (the total before tax) if the quote is its primary one. */
export class FollowQuoteTotalCommand extends Command<CommandResult | null> {
  constructor(
    readonly quoteId: string,
    readonly netMinor: number,
    readonly context: CommandContext,
  ) {
    super();
  }
}
