import { Command } from '@nestjs/cqrs';
import type { CommandContext, CommandResult } from '@ledger/event-sourcing';
import type { SetQuoteDiscount } from '../../domain';

export type SetQuoteDiscountPayload = Omit<SetQuoteDiscount, 'type' | 'quoteId' | 'at' | 'by'>;

export class SetQuoteDiscountCommand extends Command<CommandResult> {
  constructor(
    readonly quoteId: string,
    readonly payload: SetQuoteDiscountPayload,
    readonly context: CommandContext,
  ) {
    super();
  }
}
