import { Command } from '@nestjs/cqrs';
import type { CommandContext, CommandResult } from '@ledger/event-sourcing';
import type { MoveTeamMemberToOffice } from '../../domain';

export type MoveTeamMemberToOfficePayload = Omit<MoveTeamMemberToOffice, 'type' | 'userId' | 'at' | 'by'>;

export class MoveTeamMemberToOfficeCommand extends Command<CommandResult> {
  constructor(
    readonly userId: string,
    readonly payload: MoveTeamMemberToOfficePayload,
    readonly context: CommandContext,
  ) {
    super();
  }
}
