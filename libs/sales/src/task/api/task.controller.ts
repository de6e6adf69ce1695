import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '@ledger/event-sourcing';
import { COMMAND_ROLES, type CommandAnswer, CurrentActor, ProblemException, Roles, runCommand, uuidParam, runCreate } from '@ledger/platform';
import { ReadsFrom } from '@ledger/read-store';
import {
  CancelTaskCommand,
  ChangeTaskPriorityCommand,
  CompleteTaskCommand,
  CreateTaskCommand,
  ReassignTaskCommand,
  RescheduleTaskCommand,
} from '../application';
import { GetTaskQuery, ListTasksQuery, taskViewProjection } from '../read-models';
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

const taskId = uuidParam('task');

/** A rep acts only on the tasks assigned to them, and creates tasks only for themselves. */
@ApiTags('tasks')
@ApiBearerAuth()
@ApiHeader({ name: 'Idempotency-Key', required: false })
@ApiResponse({ status: 403, description: 'Role or assignee refused' })
@ApiResponse({ status: 422, description: 'A business rule refused the command (problem+json with its code)' })
@Controller('tasks')
export class TaskController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get()
  @ReadsFrom(taskViewProjection.name)
  @ApiOperation({ summary: 'Tasks, earliest due first; by assignee (me), opportunity, account, status (open by default) and due' })
  list(@Query() request: ListTasksRequest, @CurrentActor() actor: Actor) {
    return this.queries.execute(
      new ListTasksQuery({
        assigneeId: request.assignee === 'me' ? actor.userId : request.assignee,
        opportunityId: request.opportunityId,
        accountId: request.accountId,
        status: request.status ?? 'open',
        due: request.due,
        limit: request.limit ?? 50,
        cursor: request.cursor,
      }),
    );
  }

  @Get(':id')
  @ReadsFrom(taskViewProjection.name)
  @ApiOperation({ summary: 'One task' })
  async get(@Param('id', taskId) id: string, @Query() _request: GetTaskRequest) {
    const task = await this.queries.execute(new GetTaskQuery(id));
    if (!task) throw new ProblemException(404, 'task-not-found', `Task ${id} does not exist`);
    return task;
  }

  @Post()
  @HttpCode(201)
  @Roles(...COMMAND_ROLES)
  @ApiOperation({ summary: 'Create a task about an opportunity, an account or both (assigned to the caller unless given)' })
  async create(
    @Body() body: CreateTaskRequest,
    @Req() request: FastifyRequest,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandAnswer> {
    return runCreate(
      this.commands,
      { request, reply, actor },
      (id, context) =>
        new CreateTaskCommand(
          id,
          {
            title: body.title,
            assigneeId: body.assigneeId ?? actor.userId,
            opportunityId: body.opportunityId ?? null,
            accountId: body.accountId ?? null,
            dueDate: body.dueDate,
            priority: body.priority ?? 'normal',
            origin: { kind: 'manual' },
            notes: body.notes ?? null,
          },
          context,
        ),
      '/tasks',
    );
  }

  @Post(':id/reassign')
  @HttpCode(200)
  @Roles(...COMMAND_ROLES)
  @ApiOperation({ summary: 'Hand an open task to someone else (a rep may hand their own task to anyone)' })
  reassign(
    @Param('id', taskId) id: string,
    @Body() body: ReassignTaskRequest,
    @Req() request: FastifyRequest,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandAnswer> {
    return runCommand(this.commands, { request, reply, actor }, id, (c) => new ReassignTaskCommand(id, { assigneeId: body.assigneeId, reason: body.reason ?? null }, c));
  }

  @Post(':id/reschedule')
  @HttpCode(200)
  @Roles(...COMMAND_ROLES)
  @ApiOperation({ summary: 'Move the due date of an open task' })
  reschedule(
    @Param('id', taskId) id: string,
    @Body() body: RescheduleTaskRequest,
    @Req() request: FastifyRequest,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandAnswer> {
    return runCommand(this.commands, { request, reply, actor }, id, (c) => new RescheduleTaskCommand(id, { dueDate: body.dueDate, reason: body.reason ?? null }, c));
  }

  @Post(':id/priority')
  @HttpCode(200)
  @Roles(...COMMAND_ROLES)
  @ApiOperation({ summary: 'Change the priority of an open task' })
  changePriority(
    @Param('id', taskId) id: string,
    @Body() body: ChangeTaskPriorityRequest,
    @Req() request: FastifyRequest,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandAnswer> {
    return runCommand(this.commands, { request, reply, actor }, id, (c) => new ChangeTaskPriorityCommand(id, { priority: body.priority }, c));
  }

  @Post(':id/complete')
  @HttpCode(200)
  @Roles(...COMMAND_ROLES)
  @ApiOperation({ summary: 'Complete an open task, with its outcome' })
  complete(
    @Param('id', taskId) id: string,
    @Body() body: CompleteTaskRequest,
    @Req() request: FastifyRequest,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandAnswer> {
    return runCommand(this.commands, { request, reply, actor }, id, (c) => new CompleteTaskCommand(id, { outcome: body.outcome ?? null }, c));
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @Roles(...COMMAND_ROLES)
  @ApiOperation({ summary: 'Cancel an open task (reason required)' })
  cancel(
    @Param('id', taskId) id: string,
    @Body() body: CancelTaskRequest,
    @Req() request: FastifyRequest,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandAnswer> {
    return runCommand(this.commands, { request, reply, actor }, id, (c) => new CancelTaskCommand(id, { reason: body.reason }, c));
  }
}
