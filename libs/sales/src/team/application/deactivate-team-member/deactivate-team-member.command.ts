import { Command } from '@nestjs/cqrs';
import type { CommandContext, CommandResult } from '@ledger/event-sourcing';
import type { DeactivateTeamMember } from '../../domain';

export type DeactivateTeamMemberPayload = Omit<DeactivateTeamMember, 'type' | 'userId' | 'at' | 'by'>;

export class DeactivateTeamMemberCommand extends Command<CommandResult> {
  constructor(
    readonly userId: string,
    readonly payload: DeactivateTeamMemberPayload,
    readonly context: CommandContext,
  ) {
    super();
  }
}
