import { Command } from '@nestjs/cqrs';
import type { CommandContext, CommandResult } from '@ledger/event-sourcing';
import type { ChangeTeamMemberRole } from '../../domain';

export type ChangeTeamMemberRolePayload = Omit<ChangeTeamMemberRole, 'type' | 'userId' | 'at' | 'by'>;

export class ChangeTeamMemberRoleCommand extends Command<CommandResult> {
  constructor(
    readonly userId: string,
    readonly payload: ChangeTeamMemberRolePayload,
    readonly context: CommandContext,
  ) {
    super();
  }
}
