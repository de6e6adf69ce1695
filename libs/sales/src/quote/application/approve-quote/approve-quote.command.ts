import { Command } from '@nestjs/cqrs';
import type { CommandContext, CommandResult } from '@ledger/event-sourcing';
import type { ApproveQuote } from '../../domain';

export type ApproveQuotePayload = Omit<ApproveQuote, 'type' | 'quoteId' | 'at' | 'by'>;

export class ApproveQuoteCommand extends Command<CommandResult> {
  constructor(
    readonly quoteId: string,
    readonly payload: ApproveQuotePayload,
    readonly context: CommandContext,
  ) {
    super();
  }
}
