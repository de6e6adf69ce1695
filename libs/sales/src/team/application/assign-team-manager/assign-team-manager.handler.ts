import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandResult, EventStore } from '@ledger/event-sourcing';
import { checkManager } from '../team-manager-check';
import { decideTeamMember } from '../team-streams';
import { AssignTeamManagerCommand } from './assign-team-manager.command';

@CommandHandler(AssignTeamManagerCommand)
export class AssignTeamManagerHandler implements ICommandHandler<AssignTeamManagerCommand> {
  constructor(private readonly store: EventStore) {}

  async execute({ userId, payload, context }: AssignTeamManagerCommand): Promise<CommandResult> {
    await checkManager(this.store, userId, payload.managerId);
    return decideTeamMember(this.store, userId, { type: 'AssignTeamManager', userId, ...payload }, context);
  }
}
