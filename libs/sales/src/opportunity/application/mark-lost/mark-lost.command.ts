import { Command } from '@nestjs/cqrs';
import type { CommandContext, CommandResult } from '@ledger/event-sourcing';
import type { MarkLost } from '../../domain';

export type MarkLostPayload = Omit<MarkLost, 'type' | 'opportunityId' | 'at' | 'by'>;

export class MarkLostCommand extends Command<CommandResult> {
  constructor(
    readonly opportunityId: string,
    readonly payload: MarkLostPayload,
    readonly context: CommandContext,
  ) {
    super();
  }
}
