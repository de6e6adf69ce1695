import { Command } from '@nestjs/cqrs';
import type { CommandContext, CommandResult } from '@ledger/event-sourcing';
import type { Reopen } from '../../domain';

export type ReopenPayload = Omit<Reopen, 'type' | 'opportunityId' | 'at' | 'by'>;

export class ReopenCommand extends Command<CommandResult> {
  constructor(
    readonly opportunityId: string,
    readonly payload: ReopenPayload,
    readonly context: CommandContext,
  ) {
    super();
  }
}
