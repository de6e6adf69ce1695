import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandResult, EventStore } from '@ledger/event-sourcing';
import { decideTeamMember } from '../team-streams';
import { ReactivateTeamMemberCommand } from './reactivate-team-member.command';

@CommandHandler(ReactivateTeamMemberCommand)
export class ReactivateTeamMemberHandler implements ICommandHandler<ReactivateTeamMemberCommand> {
  constructor(private readonly store: EventStore) {}

  execute({ userId, payload, context }: ReactivateTeamMemberCommand): Promise<CommandResult> {
    return decideTeamMember(this.store, userId, { type: 'ReactivateTeamMember', userId, ...payload }, context);
  }
}
