import { Body, Controller, Get, Param, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CommandContext } from '@ledger/event-sourcing';
import { answerDecoratorFor, CommandRoute, Context, ProblemException, Roles, SendsETag, uuidParam } from '@ledger/platform';
import { ReadsFrom, ReadStore } from '@ledger/read-store';
import { TARGET_CATEGORY, TargetCommandMessage, targetIdFor } from '../application';
import { TARGET_VIEWS, type TargetResource, type TargetView, targetViewProjection, toTargetResource } from '../read-models';
import { GetTargetRequest, ListTargetsRequest, SetTargetRequest } from './target.request.dto';

/** What these routes answer, by the name of its schema in the OpenAPI document. */
export type TargetAnswers = { Targets: { readonly items: TargetResource[] }; Target: TargetResource };
const Answers = answerDecoratorFor<TargetAnswers>();

@ApiTags('reports')
@ApiBearerAuth()
@Controller('targets')
export class TargetController {
  constructor(
    private readonly commands: CommandBus,
    private readonly readStore: ReadStore,
  ) {}

  @CommandRoute<SetTargetRequest>(
    '',
    "Set an agent's or a team's revenue target for a month or a quarter (managers within their team, admins for anyone); setting it again changes it",
    { location: ({ period, subjectId }) => `/targets?period=${period}&subjectId=${encodeURIComponent(subjectId)}` },
  )
  @Roles('manager', 'admin')
  set(@Body() body: SetTargetRequest, @Context() context: CommandContext) {
    return this.commands.execute(new TargetCommandMessage({ type: 'SetTarget', targetId: targetIdFor(body.scope, body.subjectId, body.period), ...body }, context));
  }

  @Get()
  @ReadsFrom(targetViewProjection.name)
  @ApiOperation({ summary: 'Targets, by period and subject' })
  @Answers('Targets')
  async list(@Query() request: ListTargetsRequest): Promise<{ items: TargetResource[] }> {
    const filter = { ...(request.period ? { period: request.period } : {}), ...(request.subjectId ? { subjectId: request.subjectId } : {}) };
    const views = await this.readStore.find<TargetView>(TARGET_VIEWS, filter, { sort: { period: 1, scope: 1, subjectId: 1 } });
    return { items: views.map(toTargetResource) };
  }

  @Get(':id')
  @SendsETag({ category: TARGET_CATEGORY })
  @ReadsFrom(targetViewProjection.name)
  @ApiOperation({ summary: 'One target, by the id a SetTarget answered' })
  @Answers('Target')
  async get(@Param('id', uuidParam('target')) id: string, @Query() _request: GetTargetRequest): Promise<TargetResource> {
    const view = await this.readStore.findOne<TargetView>(TARGET_VIEWS, { _id: id });
    if (!view) throw new ProblemException(404, 'target-not-found', `Target ${id} was never set`);
    return toTargetResource(view);
  }
}
