import { Command } from '@nestjs/cqrs';
import type { CommandContext, CommandResult } from '@ledger/event-sourcing';
import type { MarkQuotePrimary } from '../../domain';

export type MarkQuotePrimaryPayload = Omit<MarkQuotePrimary, 'type' | 'quoteId' | 'at' | 'by'>;

export class MarkQuotePrimaryCommand extends Command<CommandResult> {
  constructor(
    readonly quoteId: string,
    readonly payload: MarkQuotePrimaryPayload,
    readonly context: CommandContext,
  ) {
    super();
  }
}
