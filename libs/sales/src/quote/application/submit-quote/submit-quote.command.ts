import { Command } from '@nestjs/cqrs';
import type { CommandContext, CommandResult } from '@ledger/event-sourcing';

/** The approval policy is the one configured when the command runs; the client does not choose it. */
export class SubmitQuoteCommand extends Command<CommandResult> {
  constructor(
    readonly quoteId: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}
