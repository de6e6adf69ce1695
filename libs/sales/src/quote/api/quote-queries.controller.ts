import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, EventStore } from '@ledger/event-sourcing';
import { answerDecoratorFor, AnswersHistorically, CurrentActor, DocumentsProblem, ProblemException, SendsETag, uuidParam } from '@ledger/platform';
import { asOfInstant, type Historical, type Page, ReadsFrom, ReadStore, recordAsOf } from '@ledger/read-store';
import { opportunityStream, opportunityViewProjection } from '../../opportunity';
import { assertMayReadRecordOf, pipelineOwners } from '../../team';
import { GetQuoteQuery, ListQuotesQuery, quoteViewProjection } from '../read-models';
import { GetQuoteHandler } from '../read-models/quote-details/get-quote.handler';
import { QUOTE_CATEGORY, quoteStream } from '../application';
import { GetQuoteRequest, ListQuotesRequest } from './quote.request.dto';
import type { QuoteDetails } from '../read-models/quote-details/get-quote.query';
import type { QuoteResource } from '../read-models/quote-view/quote-resource';

/** What these routes answer, by the name of its schema in the OpenAPI document. */
export type QuoteAnswers = { QuotePage: Page<QuoteResource>; Quote: Historical<QuoteDetails> };
const Answers = answerDecoratorFor<QuoteAnswers>();

const quoteId = uuidParam('quote');

@ApiTags('quotes')
@ApiBearerAuth()
@Controller('quotes')
export class QuoteQueriesController {
  constructor(
    private readonly queries: QueryBus,
    private readonly readStore: ReadStore,
    private readonly eventStore: EventStore,
  ) {}

  @Get()
  @ReadsFrom(quoteViewProjection.name)
  @ApiOperation({ summary: 'Quotes, newest first; by opportunity and status' })
  @Answers('QuotePage')
  async list(@Query() request: ListQuotesRequest, @CurrentActor() actor: Actor) {
    // Read under the rule of the records: a rep lists the quotes of their own deals, a manager their team's.
    const ownerIds = await pipelineOwners(this.readStore, actor, undefined);
    return this.queries.execute(
      new ListQuotesQuery({ opportunityId: request.opportunityId, ownerIds, status: request.status, limit: request.limit ?? 50, cursor: request.cursor }),
    );
  }

  @Get(':id')
  @SendsETag({ category: QUOTE_CATEGORY })
  @ReadsFrom(quoteViewProjection.name, opportunityViewProjection.name)
  @AnswersHistorically()
  @ApiOperation({ summary: 'One quote with its lines, totals, approval and every version of it; with asOf, as the system knew it at that instant' })
  @Answers('Quote')
  @DocumentsProblem(403, "A rep reading another's record (not-your-record); a manager reading outside their team (outside-your-team)")
  async get(@Param('id', quoteId) id: string, @Query() request: GetQuoteRequest, @CurrentActor() actor: Actor): Promise<Historical<QuoteDetails>> {
    const instant = asOfInstant(request.asOf, new Date());
    const quote = await this.queries.execute(new GetQuoteQuery(id));
    if (!quote) throw new ProblemException(404, 'quote-not-found', `Quote ${id} does not exist`);
    await assertMayReadRecordOf(this.readStore, actor, quote.ownerId);
    if (instant === undefined) return quote;
    // The view carries the deal's owner, which the projection learns from the opportunity's stream.
    const streams = [quoteStream(id), opportunityStream(quote.opportunityId)];
    const then = await recordAsOf(this.eventStore, [quoteViewProjection], streams, instant, (store) => new GetQuoteHandler(store).execute(new GetQuoteQuery(id)));
    if (!then) throw new ProblemException(404, 'quote-not-found', `Quote ${id} did not exist yet at ${instant.toISOString()}`);
    return then;
  }
}
