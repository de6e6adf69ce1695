import { Command } from '@nestjs/cqrs';
import type { CommandContext, CommandResult } from '@ledger/event-sourcing';
import type { AssignTeamManager } from '../../domain';

export type AssignTeamManagerPayload = Omit<AssignTeamManager, 'type' | 'userId' | 'at' | 'by'>;

export class AssignTeamManagerCommand extends Command<CommandResult> {
  constructor(
    readonly userId: string,
    readonly payload: AssignTeamManagerPayload,
    readonly context: CommandContext,
  ) {
    super();
  }
}
