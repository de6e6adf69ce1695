import { Command } from '@nestjs/cqrs';
import type { CommandContext, CommandResult } from '@ledger/event-sourcing';
import type { ReactivateTeamMember } from '../../domain';

export type ReactivateTeamMemberPayload = Omit<ReactivateTeamMember, 'type' | 'userId' | 'at' | 'by'>;

export class ReactivateTeamMemberCommand extends Command<CommandResult> {
  constructor(
    readonly userId: string,
    readonly payload: ReactivateTeamMemberPayload,
    readonly context: CommandContext,
  ) {
    super();
  }
}
