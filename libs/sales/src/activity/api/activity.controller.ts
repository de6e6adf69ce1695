import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '@ledger/event-sourcing';
import { COMMAND_ROLES, type CommandAnswer, CurrentActor, ProblemException, Roles, runCommand, uuidParam, runCreate } from '@ledger/platform';
import { ReadsFrom } from '@ledger/read-store';
import { CorrectActivityCommand, LogActivityCommand } from '../application';
import type { ActivityCorrections } from '../domain';
import { activityViewProjection, GetActivityQuery, ListActivitiesQuery } from '../read-models';
import { CorrectActivityRequest, GetActivityRequest, ListActivitiesRequest, LogActivityRequest } from './activity.request.dto';

const activityId = uuidParam('activity');

/** The given keys of a correction; an absent key stays as it was. */
const correctionsOf = (body: CorrectActivityRequest): ActivityCorrections => ({
  ...(body.subject !== undefined ? { subject: body.subject } : {}),
  ...(body.outcome !== undefined ? { outcome: body.outcome } : {}),
  ...(body.body !== undefined ? { body: body.body } : {}),
  ...(body.durationMinutes !== undefined ? { durationMinutes: body.durationMinutes } : {}),
  ...(body.occurredAt !== undefined ? { occurredAt: body.occurredAt } : {}),
});

/** Calls, e-mails, meetings and notes, logged after the fact; a rep corrects only what they logged. */
@ApiTags('activities')
@ApiBearerAuth()
@ApiHeader({ name: 'Idempotency-Key', required: false })
@ApiResponse({ status: 403, description: 'Role, next step assignee or logger refused' })
@ApiResponse({ status: 422, description: 'A business rule refused the command (problem+json with its code)' })
@Controller('activities')
export class ActivityController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get()
  @ReadsFrom(activityViewProjection.name)
  @ApiOperation({ summary: 'Activities, latest first; by account, contact, opportunity and kind' })
  list(@Query() request: ListActivitiesRequest) {
    return this.queries.execute(
      new ListActivitiesQuery({
        accountId: request.accountId,
        contactId: request.contactId,
        opportunityId: request.opportunityId,
        kind: request.kind,
        limit: request.limit ?? 50,
        cursor: request.cursor,
      }),
    );
  }

  @Get(':id')
  @ReadsFrom(activityViewProjection.name)
  @ApiOperation({ summary: 'One activity, with its corrections applied' })
  async get(@Param('id', activityId) id: string, @Query() _request: GetActivityRequest) {
    const activity = await this.queries.execute(new GetActivityQuery(id));
    if (!activity) throw new ProblemException(404, 'activity-not-found', `Activity ${id} does not exist`);
    return activity;
  }

  @Post()
  @HttpCode(201)
  @Roles(...COMMAND_ROLES)
  @ApiOperation({ summary: 'Log a call, e-mail, meeting or note, with an optional next step (which becomes a task)' })
  async log(
    @Body() body: LogActivityRequest,
    @Req() request: FastifyRequest,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandAnswer> {
    const nextStep = body.nextStep;
    return runCreate(
      this.commands,
      { request, reply, actor },
      (id, context) =>
        new LogActivityCommand(
          id,
          {
            kind: body.kind,
            direction: body.direction ?? null,
            occurredAt: body.occurredAt,
            durationMinutes: body.durationMinutes ?? null,
            subject: body.subject,
            outcome: body.outcome ?? null,
            body: body.body ?? null,
            accountId: body.accountId ?? null,
            contactId: body.contactId ?? null,
            opportunityId: body.opportunityId ?? null,
            nextStep: nextStep
              ? {
                  title: nextStep.title,
                  dueDate: nextStep.dueDate,
                  assigneeId: nextStep.assigneeId ?? actor.userId,
                  priority: nextStep.priority ?? 'normal',
                }
              : null,
          },
          context,
        ),
      '/activities',
    );
  }

  @Post(':id/corrections')
  @HttpCode(200)
  @Roles(...COMMAND_ROLES)
  @ApiOperation({ summary: 'Correct what was logged, with a reason (only the keys that change are recorded)' })
  correct(
    @Param('id', activityId) id: string,
    @Body() body: CorrectActivityRequest,
    @Req() request: FastifyRequest,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandAnswer> {
    return runCommand(this.commands, { request, reply, actor }, id, (c) => new CorrectActivityCommand(id, { changes: correctionsOf(body), reason: body.reason }, c));
  }
}
