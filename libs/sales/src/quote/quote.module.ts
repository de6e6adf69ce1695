import { Module } from '@nestjs/common';
import { QuoteController } from './api/quote.controller';
import { QuoteQueriesController } from './api/quote-queries.controller';
import { quoteCommandHandlers } from './application';
import { quoteQueryHandlers } from './read-models';

@Module({
  controllers: [QuoteController, QuoteQueriesController],
  providers: [...quoteCommandHandlers, ...quoteQueryHandlers],
})
export class QuoteModule {}
