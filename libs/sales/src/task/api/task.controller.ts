import { Body, Controller, Get, Param, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, type CommandContext, EventStore, type WithoutTimeAndActor } from '@ledger/event-sourcing';
import { answerDecoratorFor, AnswersHistorically, COMMAND_ROLES, CommandRoute, Context, CurrentActor, DocumentsProblem, FixedClock, NewId, ProblemException, Roles, SendsETag, uuidParam } from '@ledger/platform';
import { asOfInstant, type Historical, type Page, ReadsFrom, ReadStore, recordAsOf } from '@ledger/read-store';
import { assertMayReadRecordOf, pipelineOwners } from '../../team';
import { TASK_CATEGORY, TaskCommandMessage, taskStream } from '../application';
import type { CreateTask } from '../domain';
import { GetTaskQuery, ListTasksQuery, taskViewProjection } from '../read-models';
import { GetTaskHandler } from '../read-models/task-details/get-task.handler';
import {
  CancelTaskRequest,
  ChangeTaskPriorityRequest,
  CompleteTaskRequest,
  CreateTaskRequest,
  GetTaskRequest,
  ListTasksRequest,
  ReassignTaskRequest,
  RescheduleTaskRequest,
} from './task.request.dto';
import type { TaskResource } from '../read-models/task-view/task-resource';

/** What these routes answer, by the name of its schema in the OpenAPI document. */
export type TaskAnswers = { TaskPage: Page<TaskResource>; Task: Historical<TaskResource> };
const Answers = answerDecoratorFor<TaskAnswers>();

const taskId = uuidParam('task');

/** A manual task, assigned to the caller unless the request names someone; an absent optional field is empty. */
const manualTaskOf = (id: string, body: CreateTaskRequest, actor: Actor): WithoutTimeAndActor<CreateTask> => ({
  type: 'CreateTask',
  taskId: id,
  title: body.title,
  assigneeId: body.assigneeId ?? actor.userId,
  opportunityId: body.opportunityId ?? null,
  accountId: body.accountId ?? null,
  dueDate: body.dueDate,
  priority: body.priority ?? 'normal',
  origin: { kind: 'manual' },
  notes: body.notes ?? null,
});

/** A rep acts only on the tasks assigned to them, and creates tasks only for themselves. */
@ApiTags('tasks')
@ApiBearerAuth()
@Controller('tasks')
export class TaskController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly readStore: ReadStore,
    private readonly eventStore: EventStore,
  ) {}

  @Get()
  @ReadsFrom(taskViewProjection.name)
  @ApiOperation({ summary: 'Tasks, earliest due first; by assignee (me), opportunity, account, status (open by default) and due' })
  @Answers('TaskPage')
  @DocumentsProblem(403, "A rep naming another assignee (not-your-record); a manager naming one outside their team (outside-your-team)")
  async list(@Query() request: ListTasksRequest, @CurrentActor() actor: Actor) {
    // Tasks are read under the rule of their records: a rep lists their own, a manager their team's.
    const assigneeIds = await pipelineOwners(this.readStore, actor, request.assignee === 'me' ? actor.userId : request.assignee);
    return this.queries.execute(
      new ListTasksQuery({
        assigneeIds,
        opportunityId: request.opportunityId,
        accountId: request.accountId,
        status: request.status ?? 'open',
        due: request.due,
        priority: request.priority,
        sort: request.sort,
        limit: request.limit ?? 50,
        cursor: request.cursor,
      }),
    );
  }

  @Get(':id')
  @SendsETag({ category: TASK_CATEGORY })
  @ReadsFrom(taskViewProjection.name)
  @AnswersHistorically()
  @ApiOperation({ summary: 'One task; with asOf, as the system knew it at that instant (overdue as of then)' })
  @Answers('Task')
  @DocumentsProblem(403, "A rep reading another's record (not-your-record); a manager reading outside their team (outside-your-team)")
  async get(@Param('id', taskId) id: string, @Query() request: GetTaskRequest, @CurrentActor() actor: Actor): Promise<Historical<TaskResource>> {
    const instant = asOfInstant(request.asOf, new Date());
    const task = await this.queries.execute(new GetTaskQuery(id));
    if (!task) throw new ProblemException(404, 'task-not-found', `Task ${id} does not exist`);
    await assertMayReadRecordOf(this.readStore, actor, task.assigneeId);
    if (instant === undefined) return task;
    const then = await recordAsOf(this.eventStore, [taskViewProjection], [taskStream(id)], instant, (store) =>
      new GetTaskHandler(store, new FixedClock(instant)).execute(new GetTaskQuery(id)),
    );
    if (!then) throw new ProblemException(404, 'task-not-found', `Task ${id} did not exist yet at ${instant.toISOString()}`);
    return then;
  }

  @CommandRoute('', 'Create a task about an opportunity, an account or both (assigned to the caller unless given)', { creates: 'id', location: '/tasks' })
  @Roles(...COMMAND_ROLES)
  create(@NewId() id: string, @Body() body: CreateTaskRequest, @Context() context: CommandContext) {
    return this.commands.execute(new TaskCommandMessage(manualTaskOf(id, body, context.actor), context));
  }

  @CommandRoute(':id/reassign', 'Hand an open task to someone else (a rep may hand their own task to anyone)')
  @Roles(...COMMAND_ROLES)
  reassign(@Param('id', taskId) id: string, @Body() body: ReassignTaskRequest, @Context() context: CommandContext) {
    return this.commands.execute(new TaskCommandMessage({ type: 'ReassignTask', taskId: id, ...body }, context));
  }

  @CommandRoute(':id/reschedule', 'Move the due date of an open task')
  @Roles(...COMMAND_ROLES)
  reschedule(@Param('id', taskId) id: string, @Body() body: RescheduleTaskRequest, @Context() context: CommandContext) {
    return this.commands.execute(new TaskCommandMessage({ type: 'RescheduleTask', taskId: id, ...body }, context));
  }

  @CommandRoute(':id/priority', 'Change the priority of an open task')
  @Roles(...COMMAND_ROLES)
  changePriority(@Param('id', taskId) id: string, @Body() body: ChangeTaskPriorityRequest, @Context() context: CommandContext) {
    return this.commands.execute(new TaskCommandMessage({ type: 'ChangeTaskPriority', taskId: id, ...body }, context));
  }

  @CommandRoute(':id/complete', 'Complete an open task, with its outcome')
  @Roles(...COMMAND_ROLES)
  complete(@Param('id', taskId) id: string, @Body() body: CompleteTaskRequest, @Context() context: CommandContext) {
    return this.commands.execute(new TaskCommandMessage({ type: 'CompleteTask', taskId: id, ...body }, context));
  }

  @CommandRoute(':id/cancel', 'Cancel an open task (reason required)')
  @Roles(...COMMAND_ROLES)
  cancel(@Param('id', taskId) id: string, @Body() body: CancelTaskRequest, @Context() context: CommandContext) {
    return this.commands.execute(new TaskCommandMessage({ type: 'CancelTask', taskId: id, ...body }, context));
  }
}
