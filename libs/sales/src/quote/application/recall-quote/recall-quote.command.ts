import { Command } from '@nestjs/cqrs';
import type { CommandContext, CommandResult } from '@ledger/event-sourcing';
import type { RecallQuote } from '../../domain';

export type RecallQuotePayload = Omit<RecallQuote, 'type' | 'quoteId' | 'at' | 'by'>;

export class RecallQuoteCommand extends Command<CommandResult> {
  constructor(
    readonly quoteId: string,
    readonly payload: RecallQuotePayload,
    readonly context: CommandContext,
  ) {
    super();
  }
}
