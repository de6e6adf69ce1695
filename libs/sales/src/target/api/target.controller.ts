import { Body, Controller, Get, HttpCode, Post, Query, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '@ledger/event-sourcing';
import { type CommandAnswer, CurrentActor, Roles, runCommand } from '@ledger/platform';
import { ReadsFrom, ReadStore } from '@ledger/read-store';
import { TargetCommandMessage, targetIdFor } from '../application';
import { TARGET_VIEWS, type TargetView, targetViewProjection } from '../read-models';
import { ListTargetsRequest, SetTargetRequest } from './target.request.dto';

@ApiTags('reports')
@ApiBearerAuth()
@Controller('targets')
export class TargetController {
  constructor(
    private readonly commands: CommandBus,
    private readonly readStore: ReadStore,
  ) {}

  @Post()
  @HttpCode(200)
  @Roles('manager', 'admin')
  @ApiOperation({ summary: "Set an agent's or a team's revenue target for a month or a quarter (managers within their team, admins for anyone); setting it again changes it" })
  async set(
    @Body() body: SetTargetRequest,
    @Req() request: FastifyRequest,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandAnswer> {
    const targetId = targetIdFor(body.scope, body.subjectId, body.period);
    void reply.header('Location', `/targets?period=${body.period}&subjectId=${encodeURIComponent(body.subjectId)}`);
    return runCommand(this.commands, { request, reply, actor }, targetId, (context) =>
      new TargetCommandMessage({ type: 'SetTarget', targetId, scope: body.scope, subjectId: body.subjectId, period: body.period, amount: body.amount }, context),
    );
  }

  @Get()
  @ReadsFrom(targetViewProjection.name)
  @ApiOperation({ summary: 'Targets, by period and subject' })
  async list(@Query() request: ListTargetsRequest): Promise<{ items: TargetView[] }> {
    const filter = { ...(request.period ? { period: request.period } : {}), ...(request.subjectId ? { subjectId: request.subjectId } : {}) };
    return { items: await this.readStore.find<TargetView>(TARGET_VIEWS, filter, { sort: { period: 1, scope: 1, subjectId: 1 } }) };
  }
}
