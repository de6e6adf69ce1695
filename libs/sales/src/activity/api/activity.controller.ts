import { Body, Controller, Get, Param, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor, CommandContext, WithoutTimeAndActor } from '@ledger/event-sourcing';
import { answerDecoratorFor, COMMAND_ROLES, CommandRoute, Context, CurrentActor, DocumentsProblem, NewId, ProblemException, Roles, SendsETag, uuidParam } from '@ledger/platform';
import { type Page, ReadsFrom, ReadStore } from '@ledger/read-store';
import { assertMayReadRecordOf, pipelineOwners } from '../../team';
import { ACTIVITY_CATEGORY, ActivityCommandMessage } from '../application';
import type { ActivityCorrections, LogActivity } from '../domain';
import { activityViewProjection, GetActivityQuery, ListActivitiesQuery } from '../read-models';
import { CorrectActivityRequest, GetActivityRequest, ListActivitiesRequest, LogActivityRequest } from './activity.request.dto';
import type { ActivityResource } from '../read-models/activity-view/activity-resource';

/** What these routes answer, by the name of its schema in the OpenAPI document. */
export type ActivityAnswers = { ActivityPage: Page<ActivityResource>; Activity: ActivityResource };
const Answers = answerDecoratorFor<ActivityAnswers>();

const activityId = uuidParam('activity');

/** The given keys of a correction; an absent key stays as it was. */
const correctionsOf = (body: CorrectActivityRequest): ActivityCorrections => ({
  ...(body.subject !== undefined ? { subject: body.subject } : {}),
  ...(body.outcome !== undefined ? { outcome: body.outcome } : {}),
  ...(body.body !== undefined ? { body: body.body } : {}),
  ...(body.durationMinutes !== undefined ? { durationMinutes: body.durationMinutes } : {}),
  ...(body.occurredAt !== undefined ? { occurredAt: body.occurredAt } : {}),
});

/** What was logged; an absent optional field is empty, and the next step is the caller's unless it names someone. */
const loggedActivityOf = (id: string, body: LogActivityRequest, actor: Actor): WithoutTimeAndActor<LogActivity> => {
  const nextStep = body.nextStep;
  return {
    type: 'LogActivity',
    activityId: id,
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
  };
};

/** Calls, e-mails, meetings and notes, logged after the fact; a rep corrects only what they logged. */
@ApiTags('activities')
@ApiBearerAuth()
@Controller('activities')
export class ActivityController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly readStore: ReadStore,
  ) {}

  @Get()
  @ReadsFrom(activityViewProjection.name)
  @ApiOperation({ summary: 'Activities, latest first; by account, contact, opportunity and kind' })
  @Answers('ActivityPage')
  async list(@Query() request: ListActivitiesRequest, @CurrentActor() actor: Actor) {
    // Read under the rule of the records: a rep lists the activities they logged, a manager their team's.
    const loggedByIds = await pipelineOwners(this.readStore, actor, undefined);
    return this.queries.execute(
      new ListActivitiesQuery({
        loggedByIds,
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
  @SendsETag({ category: ACTIVITY_CATEGORY })
  @ReadsFrom(activityViewProjection.name)
  @ApiOperation({ summary: 'One activity, with its corrections applied' })
  @Answers('Activity')
  @DocumentsProblem(403, "A rep reading another's record (not-your-record); a manager reading outside their team (outside-your-team)")
  async get(@Param('id', activityId) id: string, @Query() _request: GetActivityRequest, @CurrentActor() actor: Actor) {
    const activity = await this.queries.execute(new GetActivityQuery(id));
    if (!activity) throw new ProblemException(404, 'activity-not-found', `Activity ${id} does not exist`);
    await assertMayReadRecordOf(this.readStore, actor, activity.loggedBy);
    return activity;
  }

  @CommandRoute('', 'Log a call, e-mail, meeting or note, with an optional next step (which becomes a task)', { creates: 'id', location: '/activities' })
  @Roles(...COMMAND_ROLES)
  log(@NewId() id: string, @Body() body: LogActivityRequest, @Context() context: CommandContext) {
    return this.commands.execute(new ActivityCommandMessage(loggedActivityOf(id, body, context.actor), context));
  }

  @CommandRoute(':id/corrections', 'Correct what was logged, with a reason (only the keys that change are recorded)')
  @Roles(...COMMAND_ROLES)
  correct(@Param('id', activityId) id: string, @Body() body: CorrectActivityRequest, @Context() context: CommandContext) {
    return this.commands.execute(new ActivityCommandMessage({ type: 'CorrectActivity', activityId: id, changes: correctionsOf(body), reason: body.reason }, context));
  }
}
