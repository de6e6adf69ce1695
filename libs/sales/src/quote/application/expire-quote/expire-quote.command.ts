import { Command } from '@nestjs/cqrs';
import type { CommandContext, CommandResult } from '@ledger/event-sourcing';
import type { ExpireQuote } from '../../domain';

export type ExpireQuotePayload = Omit<ExpireQuote, 'type' | 'quoteId' | 'at' | 'by'>;

export class ExpireQuoteCommand extends Command<CommandResult> {
  constructor(
    readonly quoteId: string,
    readonly payload: ExpireQuotePayload,
    readonly context: CommandContext,
  ) {
    super();
  }
}
