import { Command } from '@nestjs/cqrs';
import type { CommandContext, CommandResult } from '@ledger/event-sourcing';
import type { MarkWon } from '../../domain';

export type MarkWonPayload = Omit<MarkWon, 'type' | 'opportunityId' | 'at' | 'by'>;

export class MarkWonCommand extends Command<CommandResult> {
  constructor(
    readonly opportunityId: string,
    readonly payload: MarkWonPayload,
    readonly context: CommandContext,
  ) {
    super();
  }
}
