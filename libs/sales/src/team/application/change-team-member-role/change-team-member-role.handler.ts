import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandResult, EventStore } from '@ledger/event-sourcing';
import { decideTeamMember } from '../team-streams';
import { ChangeTeamMemberRoleCommand } from './change-team-member-role.command';

@CommandHandler(ChangeTeamMemberRoleCommand)
export class ChangeTeamMemberRoleHandler implements ICommandHandler<ChangeTeamMemberRoleCommand> {
  constructor(private readonly store: EventStore) {}

  execute({ userId, payload, context }: ChangeTeamMemberRoleCommand): Promise<CommandResult> {
    return decideTeamMember(this.store, userId, { type: 'ChangeTeamMemberRole', userId, ...payload }, context);
  }
}
