import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandResult, EventStore } from '@ledger/event-sourcing';
import { checkManager } from '../team-manager-check';
import { decideTeamMember } from '../team-streams';
import { AddTeamMemberCommand } from './add-team-member.command';

@CommandHandler(AddTeamMemberCommand)
export class AddTeamMemberHandler implements ICommandHandler<AddTeamMemberCommand> {
  constructor(private readonly store: EventStore) {}

  async execute({ userId, payload, context }: AddTeamMemberCommand): Promise<CommandResult> {
    await checkManager(this.store, userId, payload.managerId);
    return decideTeamMember(this.store, userId, { type: 'AddTeamMember', userId, ...payload }, context);
  }
}
