import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { IsCalendarDate, IsNested, IsOptionalNotNull, IsMultilineText, IsText } from '@ledger/platform';
import { ConsistencyQuery } from '@ledger/read-store';
import {
  ACTIVITY_DIRECTIONS,
  ACTIVITY_KINDS,
  type ActivityDirection,
  type ActivityKind,
  NEXT_STEP_PRIORITIES,
  type NextStepPriority,
} from '../domain';

export class NextStepRequest {
  @ApiProperty({ example: 'Send the revised quote' }) @IsText(200) title!: string;
  @ApiProperty({ example: '2027-03-16', description: 'Not before the date of the activity' }) @IsCalendarDate() dueDate!: string;
  @ApiPropertyOptional({ example: 'darcel-schlecht', description: 'Defaults to the caller; a rep assigns the next step only to themselves' }) @IsOptionalNotNull() @IsText(100) assigneeId?: string;
  @ApiPropertyOptional({ enum: NEXT_STEP_PRIORITIES, default: 'normal' }) @IsOptionalNotNull() @IsIn(NEXT_STEP_PRIORITIES) priority?: NextStepPriority;
}

export class LogActivityRequest {
  @ApiProperty({ enum: ACTIVITY_KINDS }) @IsIn(ACTIVITY_KINDS) kind!: ActivityKind;
  @ApiPropertyOptional({ enum: ACTIVITY_DIRECTIONS, description: 'Required for calls and e-mails, optional for meetings, none for notes' })
  @IsOptionalNotNull()
  @IsIn(ACTIVITY_DIRECTIONS)
  direction?: ActivityDirection;
  @ApiProperty({ example: '2027-03-12T10:00:00Z', description: 'ISO-8601 instant with a time zone; not in the future' })
  @IsISO8601({ strict: true })
  occurredAt!: string;
  @ApiPropertyOptional({ example: 20, description: 'Whole minutes, calls and meetings only', maximum: 1440 })
  @IsOptionalNotNull()
  @IsInt()
  @Min(0)
  @Max(1440)
  durationMinutes?: number;
  @ApiProperty({ example: 'Renewal terms' }) @IsText(200) subject!: string;
  @ApiPropertyOptional({ example: 'Interested in GTX Pro' }) @IsOptionalNotNull() @IsMultilineText(1000) outcome?: string;
  @ApiPropertyOptional({ example: 'Talked through the fleet size and the timeline.' }) @IsOptionalNotNull() @IsMultilineText(10_000) body?: string;
  @ApiPropertyOptional({ example: '7d7ab8c4-6f35-4c57-9d8f-7b8a1d2f0e11', description: 'Give an account, a contact (with its account) or an opportunity' }) @IsOptionalNotNull() @IsUUID() accountId?: string;
  @ApiPropertyOptional({ example: '7d7ab8c4-6f35-4c57-9d8f-7b8a1d2f0e11' }) @IsOptionalNotNull() @IsUUID() contactId?: string;
  @ApiPropertyOptional({ example: '7d7ab8c4-6f35-4c57-9d8f-7b8a1d2f0e11' }) @IsOptionalNotNull() @IsUUID() opportunityId?: string;
  @ApiPropertyOptional({ type: NextStepRequest, description: 'Becomes a task of its assignee' })
  @IsOptionalNotNull()
  @IsNested(() => NextStepRequest)
  nextStep?: NextStepRequest;
}

/** A key that is absent stays as it was; outcome, body and durationMinutes are cleared with null. */
export class CorrectActivityRequest {
  @ApiPropertyOptional({ example: 'Discovery call' }) @IsOptionalNotNull() @IsText(200) subject?: string;
  @ApiPropertyOptional({ example: 'Interested in GTX Pro', nullable: true }) @IsOptional() @IsMultilineText(1000) outcome?: string | null;
  @ApiPropertyOptional({ example: 'Talked through the fleet size and the timeline.', nullable: true }) @IsOptional() @IsMultilineText(10_000) body?: string | null;
  @ApiPropertyOptional({ example: 25, nullable: true, maximum: 1440 }) @IsOptional() @IsInt() @Min(0) @Max(1440) durationMinutes?: number | null;
  @ApiPropertyOptional({ example: '2027-03-12T09:30:00Z' }) @IsOptionalNotNull() @IsISO8601({ strict: true }) occurredAt?: string;
  @ApiProperty({ example: 'Entered from memory' }) @IsMultilineText(500) reason!: string;
}

export class ListActivitiesRequest extends ConsistencyQuery {
  @ApiPropertyOptional() @IsOptional() @IsUUID() accountId?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() contactId?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() opportunityId?: string;
  @ApiPropertyOptional({ enum: ACTIVITY_KINDS }) @IsOptional() @IsIn(ACTIVITY_KINDS) kind?: ActivityKind;
  @ApiPropertyOptional({ default: 50, maximum: 200 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit?: number;
  @ApiPropertyOptional({ description: 'nextCursor of the previous page' }) @IsOptional() @MaxLength(500) cursor?: string;
}

export class GetActivityRequest extends ConsistencyQuery {}
