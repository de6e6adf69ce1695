import { Body, Controller, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { CommandContext } from '@ledger/event-sourcing';
import { CommandRoute, Context, ProblemException, Roles } from '@ledger/platform';
import { TeamMemberCommandMessage } from '../application';
import { teamMemberIdFor } from '../domain';
import { AddTeamMemberRequest, AssignManagerRequest, ChangeRoleRequest, DeactivateRequest, MoveToOfficeRequest, RenameTeamMemberRequest } from './team.request.dto';

const USER_ID = /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,99}$/;

const userIdOf = (userId: string): string => {
  if (!USER_ID.test(userId)) throw new ProblemException(400, 'invalid-user-id', 'A user id is letters, digits and . _ : @ - (at most 100)');
  return userId;
};

/** The directory changes by events like everything else; only admins change it. Reads are under GET /team. */
@ApiTags('team')
@ApiBearerAuth()
@Roles('admin')
@Controller('team')
export class TeamController {
  constructor(private readonly commands: CommandBus) {}

  @CommandRoute('', 'Add a member to the sales team directory', { creates: 'record', location: '/team' })
  add(@Body() body: AddTeamMemberRequest, @Context() context: CommandContext) {
    return this.commands.execute(new TeamMemberCommandMessage({ type: 'AddTeamMember', ...body, userId: userIdOf(body.userId ?? teamMemberIdFor(body.name)) }, context));
  }

  @CommandRoute(':userId/name', "Change a member's display name (the user id stays); opportunities show the new name")
  rename(@Param('userId') userId: string, @Body() body: RenameTeamMemberRequest, @Context() context: CommandContext) {
    return this.commands.execute(new TeamMemberCommandMessage({ type: 'RenameTeamMember', userId: userIdOf(userId), ...body }, context));
  }

  @CommandRoute(':userId/role', "Change a member's role")
  changeRole(@Param('userId') userId: string, @Body() body: ChangeRoleRequest, @Context() context: CommandContext) {
    return this.commands.execute(new TeamMemberCommandMessage({ type: 'ChangeTeamMemberRole', userId: userIdOf(userId), ...body }, context));
  }

  @CommandRoute(':userId/manager', 'Put a member under another manager (an active member with the manager role), or none')
  assignManager(@Param('userId') userId: string, @Body() body: AssignManagerRequest, @Context() context: CommandContext) {
    return this.commands.execute(new TeamMemberCommandMessage({ type: 'AssignTeamManager', userId: userIdOf(userId), ...body }, context));
  }

  @CommandRoute(':userId/office', 'Move a member to another regional office')
  moveToOffice(@Param('userId') userId: string, @Body() body: MoveToOfficeRequest, @Context() context: CommandContext) {
    return this.commands.execute(new TeamMemberCommandMessage({ type: 'MoveTeamMemberToOffice', userId: userIdOf(userId), ...body }, context));
  }

  @CommandRoute(':userId/deactivate', 'Take a member out of the active team (no new assignments)')
  deactivate(@Param('userId') userId: string, @Body() body: DeactivateRequest, @Context() context: CommandContext) {
    return this.commands.execute(new TeamMemberCommandMessage({ type: 'DeactivateTeamMember', userId: userIdOf(userId), ...body }, context));
  }

  @CommandRoute(':userId/reactivate', 'Bring a member back into the active team')
  reactivate(@Param('userId') userId: string, @Context() context: CommandContext) {
    return this.commands.execute(new TeamMemberCommandMessage({ type: 'ReactivateTeamMember', userId: userIdOf(userId) }, context));
  }

  @CommandRoute(':userId/revoke-tokens', "Refuse every token issued to a member up to now (401 token-revoked); tokens issued from the next second on work")
  revokeTokens(@Param('userId') userId: string, @Context() context: CommandContext) {
    return this.commands.execute(new TeamMemberCommandMessage({ type: 'RevokeTeamMemberTokens', userId: userIdOf(userId) }, context));
  }
}
