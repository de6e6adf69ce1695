import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, EventStore } from '@ledger/event-sourcing';
import { answerDecoratorFor, AnswersHistorically, CurrentActor, ProblemException, SendsETag, uuidParam } from '@ledger/platform';
import { asOfInstant, type Historical, type Page, ReadsFrom, ReadStore } from '@ledger/read-store';
import { accountOverviewAsOf } from '../account-overview/account-overview-as-of';
import { ACCOUNT_CATEGORY, accountViewProjection } from '../../account';
import { activityViewProjection } from '../../activity';
import { opportunityViewProjection } from '../../opportunity';
import { orderViewProjection } from '../../order';
import { quoteViewProjection } from '../../quote';
import { taskViewProjection } from '../../task';
import { pipelineOwners } from '../../team';
import { GetAccountOverviewQuery } from '../account-overview/get-account-overview.query';
import { GetTimelineQuery } from '../timeline/get-timeline/get-timeline.query';
import { timelineProjection } from '../timeline/timeline.projection';
import { AccountOverviewRequest, TimelineRequest } from './relationships.request.dto';
import type { AccountOverview } from '../account-overview/account-overview';
import { type TimelineItem, withoutContactDetails } from '../timeline/get-timeline/timeline-item';

/** What these routes answer, by the name of its schema in the OpenAPI document. */
export type AccountOverviewAnswers = { AccountOverview: Historical<AccountOverview>; Timeline: Page<TimelineItem> };
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
  constructor(
    private readonly queries: QueryBus,
    private readonly readStore: ReadStore,
    private readonly eventStore: EventStore,
  ) {}

  @Get(':id')
  @SendsETag({ category: ACCOUNT_CATEGORY })
  @ReadsFrom(accountViewProjection.name, opportunityViewProjection.name, activityViewProjection.name)
  @AnswersHistorically()
  @ApiOperation({
    summary:
      "One account: profile, contacts (none for analysts: they are people's personal data), open pipeline, won revenue, last activity, merged accounts; with asOf, as the system knew it at that instant",
  })
  @Answers('AccountOverview')
  async get(@Param('id', uuidParam('account')) id: string, @Query() request: AccountOverviewRequest, @CurrentActor() actor: Actor): Promise<Historical<AccountOverview>> {
    const instant = asOfInstant(request.asOf, new Date());
    let overview: Historical<AccountOverview> | null = await this.queries.execute(new GetAccountOverviewQuery(id));
    if (!overview) throw new ProblemException(404, 'account-not-found', `Account ${id} does not exist (or is not projected yet: pass minPosition)`);
    if (instant !== undefined) {
      overview = await accountOverviewAsOf(this.eventStore, this.readStore, id, instant);
      if (!overview) throw new ProblemException(404, 'account-not-found', `Account ${id} did not exist yet at ${instant.toISOString()}`);
    }
    return actor.role === 'analyst' ? { ...overview, contacts: [] } : overview;
  }

  @Get(':id/timeline')
  @ReadsFrom(...TIMELINE_SOURCES)
  @ApiOperation({
    summary:
      "Activities, tasks, stage changes, quotes and orders of the account and its opportunities (merged accounts' too), newest first; a rep sees the account's own entries and their own deals', a manager with a team the team's deals'",
  })
  @Answers('Timeline')
  async timeline(@Param('id', uuidParam('account')) id: string, @Query() request: TimelineRequest, @CurrentActor() actor: Actor): Promise<Page<TimelineItem>> {
    // The account is every sales role's; its deals are read under the rule of their records.
    const ownerIds = await pipelineOwners(this.readStore, actor, undefined);
    const page = await this.queries.execute(
      new GetTimelineQuery({ kind: 'account', id }, { limit: request.limit ?? 100, cursor: request.cursor, kinds: request.kinds }, ownerIds),
    );
    if (!page) throw new ProblemException(404, 'account-not-found', `Account ${id} does not exist (or is not projected yet: pass minPosition)`);
    return actor.role === 'analyst' ? { ...page, items: page.items.map(withoutContactDetails) } : page;
  }
}
