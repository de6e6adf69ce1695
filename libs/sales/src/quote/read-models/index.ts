import { ListQuotesHandler } from './list-quotes/list-quotes.handler';
import { GetQuoteHandler } from './quote-details/get-quote.handler';

export * from './quote-view/quote-view.document';
export * from './quote-view/quote-view.projection';
export * from './quote-view/quote-resource';
export * from './list-quotes/list-quotes.query';
export * from './quote-details/get-quote.query';

export const quoteQueryHandlers = [ListQuotesHandler, GetQuoteHandler];
