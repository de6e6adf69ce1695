import { Command } from '@nestjs/cqrs';
import type { CommandContext, CommandResult } from '@ledger/event-sourcing';
import type { AcceptQuote } from '../../domain';

export type AcceptQuotePayload = Omit<AcceptQuote, 'type' | 'quoteId' | 'at' | 'by'>;

export class AcceptQuoteCommand extends Command<CommandResult> {
  constructor(
    readonly quoteId: string,
    readonly payload: AcceptQuotePayload,
    readonly context: CommandContext,
  ) {
    super();
  }
}
