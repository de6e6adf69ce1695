import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, EventStore } from '@ledger/event-sourcing';
import { asOfInstant, type Historical, ReadStore, ReadsFrom } from '@ledger/read-store';
import { answerDecoratorFor, AnswersHistorically, CurrentActor, DocumentsProblem, ProblemException, SendsETag, uuidParam } from '@ledger/platform';
import { OPPORTUNITY_CATEGORY, opportunityStream } from '../application';
import { forecastAsOf, opportunityAsOf, pipelineAsOf } from '../read-models/as-of/opportunity-as-of';
import { type PipelineChanges, pipelineChanges } from '../read-models/as-of/pipeline-changes';
import { assertMayReadRecordOf, pipelineOwners } from '../../team';
import {
  GetForecastQuery,
  GetOpportunityQuery,
  GetPipelineQuery,
  ListOpportunitiesQuery,
  type ListSortField,
  opportunityViewProjection,
} from '../read-models';
import { ForecastRequest, GetOpportunityRequest, ListOpportunitiesRequest, PipelineChangesRequest, PipelineRequest } from './opportunity-queries.request.dto';
import type { Forecast } from '../read-models/forecast/get-forecast.query';
import type { OpportunityPage } from '../read-models/list-opportunities/list-opportunities.query';
import type { OpportunityDetails } from '../read-models/opportunity-details/get-opportunity.query';
import type { Pipeline } from '../read-models/pipeline/get-pipeline.query';

/** What these routes answer, by the name of its schema in the OpenAPI document. */
export type OpportunityQueryAnswers = {
  OpportunityPage: OpportunityPage;
  Opportunity: Historical<OpportunityDetails>;
  Pipeline: Historical<Pipeline>;
  Forecast: Historical<Forecast>;
  PipelineChanges: PipelineChanges;
};
const Answers = answerDecoratorFor<OpportunityQueryAnswers>();

const VIEWS = opportunityViewProjection.name;

const opportunityId = uuidParam('opportunity');

/** `-amount` is amount, descending; `order` still names the direction of a sort without `-`. */
function listOrder(request: Pick<ListOpportunitiesRequest, 'sort' | 'order'>): { sort: ListSortField; order: 'asc' | 'desc' } {
  const sort = request.sort ?? 'expectedCloseDate';
  if (!sort.startsWith('-')) return { sort: sort as ListSortField, order: request.order ?? 'asc' };
  if (request.order === 'asc') throw new ProblemException(400, 'conflicting-sort-order', `sort=${sort} is descending; leave out order=asc`);
  return { sort: sort.slice(1) as ListSortField, order: 'desc' };
}

@ApiTags('opportunities')
@ApiBearerAuth()
@Controller()
export class OpportunityQueriesController {
  constructor(
    private readonly queries: QueryBus,
    private readonly readStore: ReadStore,
    private readonly eventStore: EventStore,
  ) {}

  @Get('opportunities')
  @ReadsFrom(VIEWS)
  @ApiOperation({ summary: "List opportunities with filters (account, owner, stage, ...), sorting (amount, close date, probability, last change; either direction) and cursor paging (a manager with a team sees the team's)" })
  @Answers('OpportunityPage')
  @DocumentsProblem(403, 'A rep named another owner (not-your-record); a manager someone outside their team (outside-your-team)')
  async list(@Query() request: ListOpportunitiesRequest, @CurrentActor() actor: Actor) {
    return this.queries.execute(
      new ListOpportunitiesQuery({
        ownerIds: await pipelineOwners(this.readStore, actor, request.ownerId),
        accountId: request.accountId,
        stage: request.stage,
        status: request.status,
        forecastCategory: request.forecastCategory,
        closeFrom: request.closeFrom,
        closeTo: request.closeTo,
        amountMin: request.amountMin,
        amountMax: request.amountMax,
        currency: request.currency,
        q: request.q,
        ...listOrder(request),
        limit: request.limit ?? 50,
        cursor: request.cursor,
      }),
    );
  }

  @Get('opportunities/:id')
  @ReadsFrom(VIEWS)
  @SendsETag({ category: OPPORTUNITY_CATEGORY })
  @AnswersHistorically()
  @ApiOperation({
    summary: 'One opportunity with its account and owner names, its stage history and the time spent in each stage; with asOf, as the system knew it at that instant',
  })
  @Answers('Opportunity')
  @DocumentsProblem(403, "A rep reading another's record (not-your-record); a manager reading outside their team (outside-your-team)")
  async get(@Param('id', opportunityId) id: string, @Query() request: GetOpportunityRequest, @CurrentActor() actor: Actor) {
    const now = new Date();
    const instant = asOfInstant(request.asOf, now);
    const details = await this.queries.execute(new GetOpportunityQuery(id, now));
    if (!details) throw new ProblemException(404, 'opportunity-not-found', `Opportunity ${id} does not exist (or is not projected yet: pass minPosition)`);
    // Who may read a record is today's rule, whatever instant they read it at.
    await assertMayReadRecordOf(this.readStore, actor, details.ownerId);
    if (instant === undefined) return details;
    const then = await opportunityAsOf(this.eventStore, opportunityStream(id), id, instant);
    if (!then) throw new ProblemException(404, 'opportunity-not-found', `Opportunity ${id} did not exist yet at ${instant.toISOString()}`);
    return then;
  }

  @Get('pipeline')
  @ReadsFrom(VIEWS)
  @AnswersHistorically()
  @ApiOperation({ summary: 'Open pipeline per stage and currency: count, total and probability-weighted amount; with asOf, as it stood then (folded from the log)' })
  @Answers('Pipeline')
  @DocumentsProblem(403, 'A rep named another owner (not-your-record); a manager someone outside their team (outside-your-team)')
  async pipeline(@Query() request: PipelineRequest, @CurrentActor() actor: Actor): Promise<Historical<Pipeline>> {
    const instant = asOfInstant(request.asOf, new Date());
    const filter = { ownerIds: await pipelineOwners(this.readStore, actor, request.ownerId), closeFrom: request.closeFrom, closeTo: request.closeTo };
    return instant ? pipelineAsOf(this.eventStore, OPPORTUNITY_CATEGORY, filter, instant) : this.queries.execute(new GetPipelineQuery(filter));
  }

  @Get('pipeline/changes')
  @ApiOperation({
    summary:
      'Why the open pipeline moved between two instants: new, reopened, won, lost, amount up/down, close date pulled into/pushed out of the period, reassigned, stage moved; per currency, each part with its opportunity ids, the parts summing exactly to the change (folded from the log)',
  })
  @Answers('PipelineChanges')
  @DocumentsProblem(400, 'from is not before to (invalid-period), or to is in the future (as-of-in-future)')
  @DocumentsProblem(403, 'A rep named another owner (not-your-record); a manager someone outside their team (outside-your-team)')
  async changes(@Query() request: PipelineChangesRequest, @CurrentActor() actor: Actor): Promise<PipelineChanges> {
    const now = new Date();
    const to = asOfInstant(request.to, now)!;
    const from = asOfInstant(request.from, now)!;
    if (from.getTime() >= to.getTime()) throw new ProblemException(400, 'invalid-period', `from (${request.from}) must be before to (${request.to})`);
    const ownerIds = await pipelineOwners(this.readStore, actor, request.ownerId);
    return pipelineChanges(this.eventStore, OPPORTUNITY_CATEGORY, { ownerIds, closeFrom: request.closeFrom, closeTo: request.closeTo }, from, to);
  }

  @Get('forecast')
  @ReadsFrom(VIEWS)
  @AnswersHistorically()
  @ApiOperation({ summary: 'Forecast by close month and forecast category, per currency; with asOf, as it stood then (folded from the log)' })
  @Answers('Forecast')
  @DocumentsProblem(403, 'A rep named another owner (not-your-record); a manager someone outside their team (outside-your-team)')
  async forecast(@Query() request: ForecastRequest, @CurrentActor() actor: Actor): Promise<Historical<Forecast>> {
    const instant = asOfInstant(request.asOf, new Date());
    const filter = { ownerIds: await pipelineOwners(this.readStore, actor, request.ownerId), fromMonth: request.fromMonth, toMonth: request.toMonth };
    return instant ? forecastAsOf(this.eventStore, OPPORTUNITY_CATEGORY, filter, instant) : this.queries.execute(new GetForecastQuery(filter));
  }
}
