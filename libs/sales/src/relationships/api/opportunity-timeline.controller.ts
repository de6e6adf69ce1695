import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@ledger/event-sourcing';
import { answerDecoratorFor, CurrentActor, DocumentsProblem, ProblemException, uuidParam } from '@ledger/platform';
import { ReadsFrom, ReadStore } from '@ledger/read-store';
import { opportunityOwnerOf } from '../../opportunity';
import { assertMayReadRecordOf } from '../../team';
import { GetTimelineQuery } from '../timeline/get-timeline/get-timeline.query';
import { type AccountOverviewAnswers, TIMELINE_SOURCES } from './account-overview.controller';
import { TimelineRequest } from './relationships.request.dto';

const Answers = answerDecoratorFor<AccountOverviewAnswers>();

const opportunityId = uuidParam('opportunity');

@ApiTags('opportunities')
@ApiBearerAuth()
@Controller('opportunities')
export class OpportunityTimelineController {
  constructor(
    private readonly queries: QueryBus,
    private readonly readStore: ReadStore,
  ) {}

  @Get(':id/timeline')
  @ReadsFrom(...TIMELINE_SOURCES)
  @ApiOperation({ summary: 'Activities, tasks, stage changes, quotes and orders of the opportunity, newest first' })
  @Answers('Timeline')
  @DocumentsProblem(403, "A rep reading another's record (not-your-record); a manager reading outside their team (outside-your-team)")
  async timeline(@Param('id', opportunityId) id: string, @Query() request: TimelineRequest, @CurrentActor() actor: Actor) {
    const page = await this.queries.execute(
      new GetTimelineQuery({ kind: 'opportunity', id }, { limit: request.limit ?? 100, cursor: request.cursor, kinds: request.kinds }),
    );
    if (!page) throw new ProblemException(404, 'opportunity-not-found', `Opportunity ${id} does not exist (or is not projected yet: pass minPosition)`);
    await assertMayReadRecordOf(this.readStore, actor, await opportunityOwnerOf(this.readStore, id));
    return page;
  }
}
