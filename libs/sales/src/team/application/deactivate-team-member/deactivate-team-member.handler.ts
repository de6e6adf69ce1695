import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandResult, EventStore } from '@ledger/event-sourcing';
import { decideTeamMember } from '../team-streams';
import { DeactivateTeamMemberCommand } from './deactivate-team-member.command';

@CommandHandler(DeactivateTeamMemberCommand)
export class DeactivateTeamMemberHandler implements ICommandHandler<DeactivateTeamMemberCommand> {
  constructor(private readonly store: EventStore) {}

  execute({ userId, payload, context }: DeactivateTeamMemberCommand): Promise<CommandResult> {
    return decideTeamMember(this.store, userId, { type: 'DeactivateTeamMember', userId, ...payload }, context);
  }
}
