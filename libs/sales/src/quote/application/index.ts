import { AddLineHandler } from './add-line/add-line.handler';
import { DraftQuoteHandler } from './draft-quote/draft-quote.handler';
import { QuoteHandler } from './quote.handler';
import { ReviseQuoteHandler } from './revise-quote/revise-quote.handler';

export * from './quote.handler';
export * from './approval-policy';
export * from './add-line/add-line.handler';
export * from './draft-quote/draft-quote.handler';
export * from './revise-quote/revise-quote.handler';
export * from './expire-quotes/expire-due-quotes';
export * from './expire-quotes/quote-expiry.job';

export const quoteCommandHandlers = [QuoteHandler, DraftQuoteHandler, AddLineHandler, ReviseQuoteHandler];
