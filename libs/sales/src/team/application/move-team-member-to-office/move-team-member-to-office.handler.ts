import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandResult, EventStore } from '@ledger/event-sourcing';
import { decideTeamMember } from '../team-streams';
import { MoveTeamMemberToOfficeCommand } from './move-team-member-to-office.command';

@CommandHandler(MoveTeamMemberToOfficeCommand)
export class MoveTeamMemberToOfficeHandler implements ICommandHandler<MoveTeamMemberToOfficeCommand> {
  constructor(private readonly store: EventStore) {}

  execute({ userId, payload, context }: MoveTeamMemberToOfficeCommand): Promise<CommandResult> {
    return decideTeamMember(this.store, userId, { type: 'MoveTeamMemberToOffice', userId, ...payload }, context);
  }
}
