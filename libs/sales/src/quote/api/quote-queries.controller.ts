import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ProblemException, SendsETag, uuidParam } from '@ledger/platform';
import { ReadsFrom } from '@ledger/read-store';
import { opportunityViewProjection } from '../../opportunity';
import { GetQuoteQuery, ListQuotesQuery, quoteViewProjection } from '../read-models';
import { GetQuoteRequest, ListQuotesRequest } from './quote.request.dto';

const quoteId = uuidParam('quote');

@ApiTags('quotes')
@ApiBearerAuth()
@Controller('quotes')
export class QuoteQueriesController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ReadsFrom(quoteViewProjection.name)
  @ApiOperation({ summary: 'Quotes, newest first; by opportunity and status' })
  list(@Query() request: ListQuotesRequest) {
    return this.queries.execute(
      new ListQuotesQuery({ opportunityId: request.opportunityId, status: request.status, limit: request.limit ?? 50, cursor: request.cursor }),
    );
  }

  @Get(':id')
  @SendsETag()
  @ReadsFrom(quoteViewProjection.name, opportunityViewProjection.name)
  @ApiOperation({ summary: 'One quote with its lines, totals, approval and every version of it' })
  async get(@Param('id', quoteId) id: string, @Query() _request: GetQuoteRequest) {
    const quote = await this.queries.execute(new GetQuoteQuery(id));
    if (!quote) throw new ProblemException(404, 'quote-not-found', `Quote ${id} does not exist`);
    return quote;
  }
}
