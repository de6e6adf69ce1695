import { Command } from '@nestjs/cqrs';
import type { CommandContext, CommandResult } from '@ledger/event-sourcing';
import type { SetPrimaryQuote } from '../../domain';

export type SetPrimaryQuotePayload = Omit<SetPrimaryQuote, 'type' | 'opportunityId' | 'at' | 'by'>;

export class SetPrimaryQuoteCommand extends Command<CommandResult> {
  constructor(
    readonly opportunityId: string,
    readonly payload: SetPrimaryQuotePayload,
    readonly context: CommandContext,
  ) {
    super();
  }
}
