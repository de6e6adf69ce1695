import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { answerDecoratorFor, Roles } from '@ledger/platform';
import { ProjectionRuntime, type ProjectionsStatus } from './projection-runtime';

export type ProjectionAnswers = { Projections: ProjectionsStatus };
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
}
