import { Command } from '@nestjs/cqrs';
import type { CommandContext, CommandResult } from '@ledger/event-sourcing';
import type { ReassignOwner } from '../../domain';

export type ReassignOwnerPayload = Omit<ReassignOwner, 'type' | 'opportunityId' | 'at' | 'by'>;

export class ReassignOwnerCommand extends Command<CommandResult> {
  constructor(
    readonly opportunityId: string,
    readonly payload: ReassignOwnerPayload,
    readonly context: CommandContext,
  ) {
    super();
  }
}
