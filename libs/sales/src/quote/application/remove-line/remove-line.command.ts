import { Command } from '@nestjs/cqrs';
import type { CommandContext, CommandResult } from '@ledger/event-sourcing';
import type { RemoveLine } from '../../domain';

export type RemoveLinePayload = Omit<RemoveLine, 'type' | 'quoteId' | 'at' | 'by'>;

export class RemoveLineCommand extends Command<CommandResult> {
  constructor(
    readonly quoteId: string,
    readonly payload: RemoveLinePayload,
    readonly context: CommandContext,
  ) {
    super();
  }
}
