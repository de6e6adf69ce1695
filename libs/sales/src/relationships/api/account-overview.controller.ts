import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@ledger/event-sourcing';
import { answerDecoratorFor, CurrentActor, ProblemException, SendsETag, uuidParam } from '@ledger/platform';
import { type Page, ReadsFrom } from '@ledger/read-store';
import { ACCOUNT_CATEGORY, accountViewProjection } from '../../account';
import { activityViewProjection } from '../../activity';
import { opportunityViewProjection } from '../../opportunity';
import { orderViewProjection } from '../../order';
import { quoteViewProjection } from '../../quote';
import { taskViewProjection } from '../../task';
import { GetAccountOverviewQuery } from '../account-overview/get-account-overview.query';
import { GetTimelineQuery } from '../timeline/get-timeline/get-timeline.query';
import { timelineProjection } from '../timeline/timeline.projection';
import { AccountOverviewRequest, TimelineRequest } from './relationships.request.dto';
import type { AccountOverview } from '../account-overview/account-overview';
import type { TimelineItem } from '../timeline/get-timeline/timeline-item';

/** What these routes answer, by the name of its schema in the OpenAPI document. */
export type AccountOverviewAnswers = { AccountOverview: AccountOverview; Timeline: Page<TimelineItem> };
const Answers = answerDecoratorFor<AccountOverviewAnswers>();

/** The views a timeline joins: waiting for `minPosition` waits for every one of them. */
export const TIMELINE_SOURCES = [
  timelineProjection.name,
  accountViewProjection.name,
  opportunityViewProjection.name,
  quoteViewProjection.name,
  orderViewProjection.name,
  taskViewProjection.name,
  activityViewProjection.name,
];


@ApiTags('accounts')
@ApiBearerAuth()
@Controller('accounts')
export class AccountOverviewController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':id')
  @SendsETag({ category: ACCOUNT_CATEGORY })
  @ReadsFrom(accountViewProjection.name, opportunityViewProjection.name, activityViewProjection.name)
  @ApiOperation({ summary: "One account: profile, contacts (none for analysts: they are people's personal data), open pipeline, won revenue, last activity, merged accounts" })
  @Answers('AccountOverview')
  async get(@Param('id', uuidParam('account')) id: string, @Query() _request: AccountOverviewRequest, @CurrentActor() actor: Actor): Promise<AccountOverview> {
    const overview = await this.queries.execute(new GetAccountOverviewQuery(id));
    if (!overview) throw new ProblemException(404, 'account-not-found', `Account ${id} does not exist (or is not projected yet: pass minPosition)`);
    return actor.role === 'analyst' ? { ...overview, contacts: [] } : overview;
  }

  @Get(':id/timeline')
  @ReadsFrom(...TIMELINE_SOURCES)
  @ApiOperation({ summary: "Activities, tasks, stage changes, quotes and orders of the account and its opportunities (merged accounts' too), newest first" })
  @Answers('Timeline')
  async timeline(@Param('id', uuidParam('account')) id: string, @Query() request: TimelineRequest) {
    const page = await this.queries.execute(
      new GetTimelineQuery({ kind: 'account', id }, { limit: request.limit ?? 100, cursor: request.cursor, kinds: request.kinds }),
    );
    if (!page) throw new ProblemException(404, 'account-not-found', `Account ${id} does not exist (or is not projected yet: pass minPosition)`);
    return page;
  }
}
