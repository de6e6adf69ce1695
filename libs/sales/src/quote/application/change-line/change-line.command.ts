import { Command } from '@nestjs/cqrs';
import type { CommandContext, CommandResult } from '@ledger/event-sourcing';
import type { ChangeLine } from '../../domain';

export type ChangeLinePayload = Omit<ChangeLine, 'type' | 'quoteId' | 'at' | 'by'>;

export class ChangeLineCommand extends Command<CommandResult> {
  constructor(
    readonly quoteId: string,
    readonly payload: ChangeLinePayload,
    readonly context: CommandContext,
  ) {
    super();
  }
}
