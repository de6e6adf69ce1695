import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { type CommandFields, IsCalendarDate, IsOptionalNotNull, IsMultilineText, IsText } from '@ledger/platform';
import { AsOfQuery, ConsistencyQuery } from '@ledger/read-store';
import { type CancelTask, type ChangeTaskPriority, type CompleteTask, type ReassignTask, type RescheduleTask, TASK_PRIORITIES, type TaskPriority } from '../domain';
import { TASK_DUE_FILTERS, TASK_SORTS, TASK_STATUS_FILTERS, type TaskDueFilter, type TaskSort, type TaskStatusFilter } from '../read-models';

export class CreateTaskRequest {
  @ApiProperty({ example: 'Call back about the renewal' }) @IsText(200) title!: string;
  @ApiPropertyOptional({ example: 'darcel-schlecht', description: 'Defaults to the caller; a rep creates tasks only for themselves' }) @IsOptionalNotNull() @IsText(100) assigneeId?: string;
  @ApiPropertyOptional({ example: '7d7ab8c4-6f35-4c57-9d8f-7b8a1d2f0e11', description: 'Give an opportunity, an account or both' }) @IsOptionalNotNull() @IsUUID() opportunityId?: string;
  @ApiPropertyOptional({ example: '7d7ab8c4-6f35-4c57-9d8f-7b8a1d2f0e11' }) @IsOptionalNotNull() @IsUUID() accountId?: string;
  @ApiProperty({ example: '2027-04-15' }) @IsCalendarDate() dueDate!: string;
  @ApiPropertyOptional({ enum: TASK_PRIORITIES, default: 'normal' }) @IsOptionalNotNull() @IsIn(TASK_PRIORITIES) priority?: TaskPriority;
  @ApiPropertyOptional({ example: 'Ask about the renewal date' }) @IsOptionalNotNull() @IsMultilineText(2000) notes?: string;
}

export class ReassignTaskRequest implements CommandFields<ReassignTask, 'taskId'> {
  @ApiProperty({ example: 'darcel-schlecht' }) @IsText(100) assigneeId!: string;
  @ApiPropertyOptional({ example: 'Covering a holiday', type: String, nullable: true }) @IsOptional() @IsMultilineText(500) reason: string | null = null;
}

export class RescheduleTaskRequest implements CommandFields<RescheduleTask, 'taskId'> {
  @ApiProperty({ example: '2027-04-22' }) @IsCalendarDate() dueDate!: string;
  @ApiPropertyOptional({ example: 'The customer asked for next week', type: String, nullable: true }) @IsOptional() @IsMultilineText(500) reason: string | null = null;
}

export class ChangeTaskPriorityRequest implements CommandFields<ChangeTaskPriority, 'taskId'> {
  @ApiProperty({ enum: TASK_PRIORITIES }) @IsIn(TASK_PRIORITIES) priority!: TaskPriority;
}

export class CompleteTaskRequest implements CommandFields<CompleteTask, 'taskId'> {
  @ApiPropertyOptional({ example: 'Sent the pricing', type: String, nullable: true }) @IsOptional() @IsMultilineText(1000) outcome: string | null = null;
}

export class CancelTaskRequest implements CommandFields<CancelTask, 'taskId'> {
  @ApiProperty({ example: 'No longer needed' }) @IsMultilineText(500) reason!: string;
}

export class ListTasksRequest extends ConsistencyQuery {
  @ApiPropertyOptional({ description: "A user id, or 'me' for the caller" }) @IsOptional() @IsText(100) assignee?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() opportunityId?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() accountId?: string;
  @ApiPropertyOptional({ enum: TASK_STATUS_FILTERS, default: 'open' }) @IsOptional() @IsIn(TASK_STATUS_FILTERS) status?: TaskStatusFilter;
  @ApiPropertyOptional({ enum: TASK_DUE_FILTERS, description: 'Due before today, today, or from today to six days on (UTC dates)' })
  @IsOptional()
  @IsIn(TASK_DUE_FILTERS)
  due?: TaskDueFilter;
  @ApiPropertyOptional({ enum: TASK_PRIORITIES }) @IsOptional() @IsIn(TASK_PRIORITIES) priority?: TaskPriority;
  @ApiPropertyOptional({ enum: TASK_SORTS, default: 'dueDate', description: "By due date or priority (high first with '-priority'); send the same sort with a cursor" })
  @IsOptional()
  @IsIn(TASK_SORTS)
  sort?: TaskSort;
  @ApiPropertyOptional({ default: 50, maximum: 200 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit?: number;
  @ApiPropertyOptional({ description: 'nextCursor of the previous page' }) @IsOptional() @MaxLength(500) cursor?: string;
}

export class GetTaskRequest extends AsOfQuery {}
