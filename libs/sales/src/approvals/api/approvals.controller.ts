import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, MaxLength, Min } from 'class-validator';
import { answerDecoratorFor } from '@ledger/platform';
import { ConsistencyQuery, type Page, ReadsFrom } from '@ledger/read-store';
import { approvalQueueProjection } from '../read-models/approval-queue/approval-queue.projection';
import { ListApprovalsQuery } from '../read-models/approval-queue/list-approvals.query';
import type { ApprovalItem } from '../read-models/approval-queue/approval-queue.document';

/** What these routes answer, by the name of its schema in the OpenAPI document. */
export type ApprovalAnswers = { ApprovalQueue: Page<ApprovalItem> };
const Answers = answerDecoratorFor<ApprovalAnswers>();

export class ListApprovalsRequest extends ConsistencyQuery {
  @ApiPropertyOptional({ default: 100, maximum: 500 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit?: number;
  @ApiPropertyOptional({ description: 'nextCursor of the previous page' }) @IsOptional() @MaxLength(500) cursor?: string;
}

@ApiTags('approvals')
@ApiBearerAuth()
@Controller('approvals')
export class ApprovalsController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ReadsFrom(approvalQueueProjection.name)
  @ApiOperation({ summary: 'What waits for a manager, oldest first: each pending quote and order with its title, account, rep, totals (net, tax, gross), discount, reasons and age' })
  @Answers('ApprovalQueue')
  list(@Query() request: ListApprovalsRequest) {
    return this.queries.execute(new ListApprovalsQuery(new Date(), request.limit ?? 100, request.cursor));
  }
}
