import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { ConsistencyQuery, ReadsFrom } from '@ledger/read-store';
import { orderViewProjection } from '../../order';
import { quoteViewProjection } from '../../quote';
import { ListApprovalsQuery } from '../read-models/approval-queue/list-approvals.query';
import { answerDecoratorFor } from '@ledger/platform';
import type { ApprovalItem } from '../read-models/approval-queue/list-approvals.query';

/** What these routes answer, by the name of its schema in the OpenAPI document. */
export type ApprovalAnswers = { ApprovalQueue: { readonly items: ApprovalItem[] } };
const Answers = answerDecoratorFor<ApprovalAnswers>();

export class ListApprovalsRequest extends ConsistencyQuery {
  @ApiPropertyOptional({ default: 100, maximum: 500 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit?: number;
}

@ApiTags('approvals')
@ApiBearerAuth()
@Controller('approvals')
export class ApprovalsController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ReadsFrom(quoteViewProjection.name, orderViewProjection.name)
  @ApiOperation({ summary: 'What waits for a manager: pending quotes and orders, oldest first, with their age' })
  @Answers('ApprovalQueue')
  list(@Query() request: ListApprovalsRequest) {
    return this.queries.execute(new ListApprovalsQuery(new Date(), request.limit ?? 100));
  }
}
