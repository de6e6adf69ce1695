import { Body, Controller, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '@ledger/event-sourcing';
import { COMMAND_ROLES, type CommandAnswer, CurrentActor, ProblemException, Roles, answerCommand, commandContextFrom, uuidParam, runCreate } from '@ledger/platform';
import { profileOf } from '../../account';
import type { AssignmentPool } from '../../team';
import {
  type AccountChoice,
  ChangeOpportunityAccountCommand,
  ChangeStageCommand,
  MarkLostCommand,
  MarkWonCommand,
  OpenOpportunityCommand,
  ReassignOwnerCommand,
  ReopenCommand,
  UpdateDetailsCommand,
} from '../application';
import {
  ChangeAccountRequest,
  ChangeStageRequest,
  MarkLostRequest,
  MarkWonRequest,
  OpenOpportunityRequest,
  ReassignOwnerRequest,
  ReopenRequest,
  UpdateDetailsRequest,
} from './opportunity.request.dto';

const accountChoiceOf = (body: OpenOpportunityRequest): AccountChoice => {
  const given = [body.accountId, body.accountName, body.account].filter((value) => value !== undefined).length;
  if (given !== 1) throw new ProblemException(400, 'account-required', 'Give exactly one of accountId, accountName or account');
  if (body.accountId !== undefined) return { kind: 'id', accountId: body.accountId };
  if (body.accountName !== undefined) return { kind: 'name', name: body.accountName };
  return { kind: 'new', name: body.account!.name, profile: profileOf(body.account!) };
};

const poolOf = (pool: string | undefined): AssignmentPool | null => {
  if (pool === undefined) return null;
  if (pool === 'all') return { kind: 'all' };
  const [kind, ...rest] = pool.split(':');
  return kind === 'team' ? { kind: 'team', managerId: rest.join(':') } : { kind: 'region', office: rest.join(':') };
};

const opportunityId = uuidParam('opportunity');

@ApiTags('opportunities')
@ApiBearerAuth()
@ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Retries with the same key append nothing and answer as the first time' })
@ApiResponse({ status: 400, description: 'Invalid input (problem+json, code validation-failed)' })
@ApiResponse({ status: 422, description: 'A business rule refused the command (problem+json with its code)' })
@Roles(...COMMAND_ROLES)
@Controller('opportunities')
export class OpportunityController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Open an opportunity' })
  async open(
    @Body() body: OpenOpportunityRequest,
    @Req() request: FastifyRequest,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandAnswer> {
    return runCreate(
      this.commands,
      { request, reply, actor },
      (id, context) =>
        new OpenOpportunityCommand(
          id,
          {
            title: body.title,
            account: accountChoiceOf(body),
            ownerId: body.ownerId ?? null,
            pool: poolOf(body.assignmentPool),
            amount: body.amount ?? null,
            expectedCloseDate: body.expectedCloseDate,
            source: body.source,
            productInterest: body.productInterest ?? null,
            stage: body.stage,
            probability: body.probability,
            forecastCategory: body.forecastCategory,
            openedOn: body.openedOn,
          },
          context,
        ),
      '/opportunities',
    );
  }

  @Post(':id/details')
  @HttpCode(200)
  @ApiOperation({ summary: 'Change title, amount, expected close date, product interest or source' })
  @ApiHeader({ name: 'If-Match', required: false, description: 'ETag of the revision the change is based on (412 if stale)' })
  async updateDetails(
    @Param('id', opportunityId) id: string,
    @Body() body: UpdateDetailsRequest,
    @Req() request: FastifyRequest,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandAnswer> {
    const result = await this.commands.execute(new UpdateDetailsCommand(id, { ...body }, commandContextFrom(request, actor)));
    return answerCommand(reply, id, result);
  }

  @Post(':id/owner')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reassign the owner' })
  @ApiHeader({ name: 'If-Match', required: false })
  async reassignOwner(
    @Param('id', opportunityId) id: string,
    @Body() body: ReassignOwnerRequest,
    @Req() request: FastifyRequest,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandAnswer> {
    const result = await this.commands.execute(new ReassignOwnerCommand(id, { ownerId: body.ownerId }, commandContextFrom(request, actor)));
    return answerCommand(reply, id, result);
  }

  @Post(':id/account')
  @HttpCode(200)
  @ApiOperation({ summary: 'Move the opportunity to another account (a correction; merges move opportunities by themselves)' })
  @ApiHeader({ name: 'If-Match', required: false })
  async changeAccount(
    @Param('id', opportunityId) id: string,
    @Body() body: ChangeAccountRequest,
    @Req() request: FastifyRequest,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandAnswer> {
    const command = new ChangeOpportunityAccountCommand(id, { accountId: body.accountId, reason: 'correction' }, commandContextFrom(request, actor));
    return answerCommand(reply, id, await this.commands.execute(command));
  }

  @Post(':id/stage')
  @HttpCode(200)
  @ApiOperation({ summary: 'Move to another stage (backwards needs a reason); may override probability and forecast category' })
  @ApiHeader({ name: 'If-Match', required: false })
  async changeStage(
    @Param('id', opportunityId) id: string,
    @Body() body: ChangeStageRequest,
    @Req() request: FastifyRequest,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandAnswer> {
    const result = await this.commands.execute(
      new ChangeStageCommand(
        id,
        { stage: body.stage, reason: body.reason ?? null, probability: body.probability, forecastCategory: body.forecastCategory },
        commandContextFrom(request, actor),
      ),
    );
    return answerCommand(reply, id, result);
  }

  @Post(':id/won')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark won (needs a positive amount)' })
  @ApiHeader({ name: 'If-Match', required: false })
  async markWon(
    @Param('id', opportunityId) id: string,
    @Body() body: MarkWonRequest,
    @Req() request: FastifyRequest,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandAnswer> {
    const result = await this.commands.execute(new MarkWonCommand(id, { amount: body.amount, closedOn: body.closedOn }, commandContextFrom(request, actor)));
    return answerCommand(reply, id, result);
  }

  @Post(':id/lost')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark lost (reason required)' })
  @ApiHeader({ name: 'If-Match', required: false })
  async markLost(
    @Param('id', opportunityId) id: string,
    @Body() body: MarkLostRequest,
    @Req() request: FastifyRequest,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandAnswer> {
    const result = await this.commands.execute(
      new MarkLostCommand(id, { reason: body.reason, competitor: body.competitor ?? null, closedOn: body.closedOn }, commandContextFrom(request, actor)),
    );
    return answerCommand(reply, id, result);
  }

  @Post(':id/reopen')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reopen a lost opportunity' })
  @ApiHeader({ name: 'If-Match', required: false })
  async reopen(
    @Param('id', opportunityId) id: string,
    @Body() body: ReopenRequest,
    @Req() request: FastifyRequest,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandAnswer> {
    const result = await this.commands.execute(
      new ReopenCommand(id, { reason: body.reason ?? null, stage: body.stage }, commandContextFrom(request, actor)),
    );
    return answerCommand(reply, id, result);
  }
}
