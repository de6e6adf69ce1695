import { Command } from '@nestjs/cqrs';
import type { CommandContext, CommandResult } from '@ledger/event-sourcing';
import type { SyncQuoteAmount } from '../../domain';

export type SyncQuoteAmountPayload = Omit<SyncQuoteAmount, 'type' | 'opportunityId' | 'at' | 'by'>;

export class SyncQuoteAmountCommand extends Command<CommandResult> {
  constructor(
    readonly opportunityId: string,
    readonly payload: SyncQuoteAmountPayload,
    readonly context: CommandContext,
  ) {
    super();
  }
}
