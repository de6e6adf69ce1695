import { Command } from '@nestjs/cqrs';
import type { CommandContext, CommandResult } from '@ledger/event-sourcing';
import type { AddTeamMember } from '../../domain';

export type AddTeamMemberPayload = Omit<AddTeamMember, 'type' | 'userId' | 'at' | 'by'>;

export class AddTeamMemberCommand extends Command<CommandResult> {
  constructor(
    readonly userId: string,
    readonly payload: AddTeamMemberPayload,
    readonly context: CommandContext,
  ) {
    super();
  }
}
