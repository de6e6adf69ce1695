import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { answerDecoratorFor, ProblemException, uuidParam } from '@ledger/platform';
import { ReadsFrom } from '@ledger/read-store';
import { GetTimelineQuery } from '../timeline/get-timeline/get-timeline.query';
import { type AccountOverviewAnswers, TIMELINE_SOURCES } from './account-overview.controller';
import { TimelineRequest } from './relationships.request.dto';

const Answers = answerDecoratorFor<AccountOverviewAnswers>();

const opportunityId = uuidParam('opportunity');

@ApiTags('opportunities')
@ApiBearerAuth()
@Controller('opportunities')
export class OpportunityTimelineController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':id/timeline')
  @ReadsFrom(...TIMELINE_SOURCES)
  @ApiOperation({ summary: 'Activities, tasks, stage changes, quotes and orders of the opportunity, newest first' })
  @Answers('Timeline')
  async timeline(@Param('id', opportunityId) id: string, @Query() request: TimelineRequest) {
    const page = await this.queries.execute(
      new GetTimelineQuery({ kind: 'opportunity', id }, { limit: request.limit ?? 100, cursor: request.cursor, kinds: request.kinds }),
    );
    if (!page) throw new ProblemException(404, 'opportunity-not-found', `Opportunity ${id} does not exist (or is not projected yet: pass minPosition)`);
    return page;
  }
}
