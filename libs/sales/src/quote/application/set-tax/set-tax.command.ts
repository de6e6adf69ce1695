import { Command } from '@nestjs/cqrs';
import type { CommandContext, CommandResult } from '@ledger/event-sourcing';
import type { SetTax } from '../../domain';

export type SetTaxPayload = Omit<SetTax, 'type' | 'quoteId' | 'at' | 'by'>;

export class SetTaxCommand extends Command<CommandResult> {
  constructor(
    readonly quoteId: string,
    readonly payload: SetTaxPayload,
    readonly context: CommandContext,
  ) {
    super();
  }
}
