import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@ledger/event-sourcing';
import { answerDecoratorFor, CurrentActor, DocumentsProblem, ProblemException, SendsETag, uuidParam } from '@ledger/platform';
import { type Page, ReadsFrom, ReadStore } from '@ledger/read-store';
import { opportunityOwnerOf, opportunityViewProjection } from '../../opportunity';
import { assertMayReadRecordOf } from '../../team';
import { QUOTE_CATEGORY } from '../application';
import { GetQuoteQuery, ListQuotesQuery, quoteViewProjection } from '../read-models';
import { GetQuoteRequest, ListQuotesRequest } from './quote.request.dto';
import type { QuoteDetails } from '../read-models/quote-details/get-quote.query';
import type { QuoteResource } from '../read-models/quote-view/quote-resource';

/** What these routes answer, by the name of its schema in the OpenAPI document. */
export type QuoteAnswers = { QuotePage: Page<QuoteResource>; Quote: QuoteDetails };
const Answers = answerDecoratorFor<QuoteAnswers>();

const quoteId = uuidParam('quote');

@ApiTags('quotes')
@ApiBearerAuth()
@Controller('quotes')
export class QuoteQueriesController {
  constructor(
    private readonly queries: QueryBus,
    private readonly readStore: ReadStore,
  ) {}

  @Get()
  @ReadsFrom(quoteViewProjection.name)
  @ApiOperation({ summary: 'Quotes, newest first; by opportunity and status' })
  @Answers('QuotePage')
  list(@Query() request: ListQuotesRequest) {
    return this.queries.execute(
      new ListQuotesQuery({ opportunityId: request.opportunityId, status: request.status, limit: request.limit ?? 50, cursor: request.cursor }),
    );
  }

  @Get(':id')
  @SendsETag({ category: QUOTE_CATEGORY })
  @ReadsFrom(quoteViewProjection.name, opportunityViewProjection.name)
  @ApiOperation({ summary: 'One quote with its lines, totals, approval and every version of it' })
  @Answers('Quote')
  @DocumentsProblem(403, "A rep reading another's record (not-your-record); a manager reading outside their team (outside-your-team)")
  async get(@Param('id', quoteId) id: string, @Query() _request: GetQuoteRequest, @CurrentActor() actor: Actor) {
    const quote = await this.queries.execute(new GetQuoteQuery(id));
    if (!quote) throw new ProblemException(404, 'quote-not-found', `Quote ${id} does not exist`);
    await assertMayReadRecordOf(this.readStore, actor, await opportunityOwnerOf(this.readStore, quote.opportunityId));
    return quote;
  }
}
