import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { answerDecoratorFor, Roles } from '@ledger/platform';
import { ProjectionRuntime, type ProjectionsStatus, type RetryResult } from './projection-runtime';

export type ProjectionAnswers = { Projections: ProjectionsStatus; RetryResult: RetryResult };
const Answers = answerDecoratorFor<ProjectionAnswers>();

@ApiTags('projections')
@ApiBearerAuth()
@Controller('projections')
export class ProjectionsController {
  constructor(private readonly runtime: ProjectionRuntime) {}

  @Get()
  @Roles('admin', 'manager', 'auditor', 'analyst')
  @ApiOperation({ summary: "Each projection's and process manager's checkpoint, lag (events and ms) and parked events" })
  @Answers('Projections')
  list(): Promise<ProjectionsStatus> {
    return this.runtime.status();
  }

  @Post(':name/retry')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: "Runs a process manager's parked events again after a fix (salesctl projections retry <name>); what is still parked, with why" })
  @Answers('RetryResult')
  retry(@Param('name') name: string): Promise<RetryResult> {
    return this.runtime.retryParked(name);
  }
}
