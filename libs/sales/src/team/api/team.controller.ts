import { Body, Controller, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '@ledger/event-sourcing';
import { type CommandAnswer, CurrentActor, ProblemException, Roles, runCommand } from '@ledger/platform';
import {
  AddTeamMemberCommand,
  AssignTeamManagerCommand,
  ChangeTeamMemberRoleCommand,
  DeactivateTeamMemberCommand,
  MoveTeamMemberToOfficeCommand,
  ReactivateTeamMemberCommand,
} from '../application';
import { teamMemberIdFor } from '../domain';
import { AddTeamMemberRequest, AssignManagerRequest, ChangeRoleRequest, DeactivateRequest, MoveToOfficeRequest } from './team.request.dto';

const USER_ID = /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,99}$/;

const userIdOf = (userId: string): string => {
  if (!USER_ID.test(userId)) throw new ProblemException(400, 'invalid-user-id', 'A user id is letters, digits and . _ : @ - (at most 100)');
  return userId;
};

/** The directory changes by events like everything else; only admins change it. Reads are under GET /team. */
@ApiTags('team')
@ApiBearerAuth()
@ApiHeader({ name: 'Idempotency-Key', required: false })
@ApiResponse({ status: 403, description: 'Only admins change the team directory' })
@ApiResponse({ status: 422, description: 'A business rule refused the command (problem+json with its code)' })
@Roles('admin')
@Controller('team')
export class TeamController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Add a member to the sales team directory' })
  async add(
    @Body() body: AddTeamMemberRequest,
    @Req() request: FastifyRequest,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandAnswer> {
    const userId = userIdOf(body.userId ?? teamMemberIdFor(body.name));
    void reply.header('Location', `/team/${userId}`);
    const payload = { name: body.name, role: body.role, managerId: body.managerId ?? null, regionalOffice: body.regionalOffice ?? null };
    return runCommand(this.commands, { request, reply, actor }, userId, (c) => new AddTeamMemberCommand(userId, payload, c));
  }

  @Post(':userId/role')
  @HttpCode(200)
  @ApiOperation({ summary: "Change a member's role" })
  changeRole(
    @Param('userId') userId: string,
    @Body() body: ChangeRoleRequest,
    @Req() request: FastifyRequest,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandAnswer> {
    const id = userIdOf(userId);
    return runCommand(this.commands, { request, reply, actor }, id, (c) => new ChangeTeamMemberRoleCommand(id, { role: body.role }, c));
  }

  @Post(':userId/manager')
  @HttpCode(200)
  @ApiOperation({ summary: 'Put a member under another manager (an active member with the manager role), or none' })
  assignManager(
    @Param('userId') userId: string,
    @Body() body: AssignManagerRequest,
    @Req() request: FastifyRequest,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandAnswer> {
    const id = userIdOf(userId);
    return runCommand(this.commands, { request, reply, actor }, id, (c) => new AssignTeamManagerCommand(id, { managerId: body.managerId }, c));
  }

  @Post(':userId/office')
  @HttpCode(200)
  @ApiOperation({ summary: 'Move a member to another regional office' })
  moveToOffice(
    @Param('userId') userId: string,
    @Body() body: MoveToOfficeRequest,
    @Req() request: FastifyRequest,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandAnswer> {
    const id = userIdOf(userId);
    return runCommand(this.commands, { request, reply, actor }, id, (c) => new MoveTeamMemberToOfficeCommand(id, { regionalOffice: body.regionalOffice }, c));
  }

  @Post(':userId/deactivate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Take a member out of the active team (no new assignments)' })
  deactivate(
    @Param('userId') userId: string,
    @Body() body: DeactivateRequest,
    @Req() request: FastifyRequest,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandAnswer> {
    const id = userIdOf(userId);
    return runCommand(this.commands, { request, reply, actor }, id, (c) => new DeactivateTeamMemberCommand(id, { reason: body.reason }, c));
  }

  @Post(':userId/reactivate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Bring a member back into the active team' })
  reactivate(
    @Param('userId') userId: string,
    @Req() request: FastifyRequest,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandAnswer> {
    const id = userIdOf(userId);
    return runCommand(this.commands, { request, reply, actor }, id, (c) => new ReactivateTeamMemberCommand(id, {}, c));
  }
}
