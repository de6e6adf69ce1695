import { Command } from '@nestjs/cqrs';
import type { CommandContext, CommandResult } from '@ledger/event-sourcing';
import type { DeclineQuote } from '../../domain';

export type DeclineQuotePayload = Omit<DeclineQuote, 'type' | 'quoteId' | 'at' | 'by'>;

export class DeclineQuoteCommand extends Command<CommandResult> {
  constructor(
    readonly quoteId: string,
    readonly payload: DeclineQuotePayload,
    readonly context: CommandContext,
  ) {
    super();
  }
}
