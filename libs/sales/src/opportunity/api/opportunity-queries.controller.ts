import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@ledger/event-sourcing';
import { ReadStore, ReadsFrom } from '@ledger/read-store';
import { answerDecoratorFor, CurrentActor, DocumentsProblem, ProblemException, SendsETag, uuidParam } from '@ledger/platform';
import { assertMayReadRecordOf, pipelineOwners } from '../../team';
import { OPPORTUNITY_CATEGORY } from '../application';
import {
  GetForecastQuery,
  GetOpportunityQuery,
  GetPipelineQuery,
  ListOpportunitiesQuery,
  type ListSortField,
  opportunityViewProjection,
} from '../read-models';
import { ForecastRequest, GetOpportunityRequest, ListOpportunitiesRequest, PipelineRequest } from './opportunity-queries.request.dto';
import type { Forecast } from '../read-models/forecast/get-forecast.query';
import type { OpportunityPage } from '../read-models/list-opportunities/list-opportunities.query';
import type { OpportunityDetails } from '../read-models/opportunity-details/get-opportunity.query';
import type { Pipeline } from '../read-models/pipeline/get-pipeline.query';

/** What these routes answer, by the name of its schema in the OpenAPI document. */
export type OpportunityQueryAnswers = {
  OpportunityPage: OpportunityPage;
  Opportunity: OpportunityDetails;
  Pipeline: Pipeline;
  Forecast: Forecast;
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
  @ApiOperation({ summary: 'One opportunity with its account and owner names, its stage history and the time spent in each stage' })
  @Answers('Opportunity')
  @DocumentsProblem(403, "A rep reading another's record (not-your-record); a manager reading outside their team (outside-your-team)")
  async get(@Param('id', opportunityId) id: string, @Query() _request: GetOpportunityRequest, @CurrentActor() actor: Actor) {
    const details = await this.queries.execute(new GetOpportunityQuery(id, new Date()));
    if (!details) throw new ProblemException(404, 'opportunity-not-found', `Opportunity ${id} does not exist (or is not projected yet: pass minPosition)`);
    await assertMayReadRecordOf(this.readStore, actor, details.ownerId);
    return details;
  }

  @Get('pipeline')
  @ReadsFrom(VIEWS)
  @ApiOperation({ summary: 'Open pipeline per stage and currency: count, total and probability-weighted amount' })
  @Answers('Pipeline')
  @DocumentsProblem(403, 'A rep named another owner (not-your-record); a manager someone outside their team (outside-your-team)')
  async pipeline(@Query() request: PipelineRequest, @CurrentActor() actor: Actor) {
    const ownerIds = await pipelineOwners(this.readStore, actor, request.ownerId);
    return this.queries.execute(new GetPipelineQuery({ ownerIds, closeFrom: request.closeFrom, closeTo: request.closeTo }));
  }

  @Get('forecast')
  @ReadsFrom(VIEWS)
  @ApiOperation({ summary: 'Forecast by close month and forecast category, per currency' })
  @Answers('Forecast')
  @DocumentsProblem(403, 'A rep named another owner (not-your-record); a manager someone outside their team (outside-your-team)')
  async forecast(@Query() request: ForecastRequest, @CurrentActor() actor: Actor) {
    const ownerIds = await pipelineOwners(this.readStore, actor, request.ownerId);
    return this.queries.execute(new GetForecastQuery({ ownerIds, fromMonth: request.fromMonth, toMonth: request.toMonth }));
  }
}
