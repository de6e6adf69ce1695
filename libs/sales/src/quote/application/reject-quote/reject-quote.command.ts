import { Command } from '@nestjs/cqrs';
import type { CommandContext, CommandResult } from '@ledger/event-sourcing';
import type { RejectQuote } from '../../domain';

export type RejectQuotePayload = Omit<RejectQuote, 'type' | 'quoteId' | 'at' | 'by'>;

export class RejectQuoteCommand extends Command<CommandResult> {
  constructor(
    readonly quoteId: string,
    readonly payload: RejectQuotePayload,
    readonly context: CommandContext,
  ) {
    super();
  }
}
