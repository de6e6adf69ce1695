import { Command } from '@nestjs/cqrs';
import type { CommandContext, CommandResult } from '@ledger/event-sourcing';
import type { SendQuote } from '../../domain';

export type SendQuotePayload = Omit<SendQuote, 'type' | 'quoteId' | 'at' | 'by'>;

export class SendQuoteCommand extends Command<CommandResult> {
  constructor(
    readonly quoteId: string,
    readonly payload: SendQuotePayload,
    readonly context: CommandContext,
  ) {
    super();
  }
}
