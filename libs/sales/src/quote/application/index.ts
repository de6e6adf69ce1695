import { AcceptQuoteHandler } from './accept-quote/accept-quote.handler';
import { AddLineHandler } from './add-line/add-line.handler';
import { ApproveQuoteHandler } from './approve-quote/approve-quote.handler';
import { ChangeLineHandler } from './change-line/change-line.handler';
import { DeclineQuoteHandler } from './decline-quote/decline-quote.handler';
import { DraftQuoteHandler } from './draft-quote/draft-quote.handler';
import { ExpireQuoteHandler } from './expire-quote/expire-quote.handler';
import { MarkQuotePrimaryHandler } from './mark-quote-primary/mark-quote-primary.handler';
import { RecallQuoteHandler } from './recall-quote/recall-quote.handler';
import { RejectQuoteHandler } from './reject-quote/reject-quote.handler';
import { RemoveLineHandler } from './remove-line/remove-line.handler';
import { ReviseQuoteHandler } from './revise-quote/revise-quote.handler';
import { SendQuoteHandler } from './send-quote/send-quote.handler';
import { SetQuoteDiscountHandler } from './set-quote-discount/set-quote-discount.handler';
import { SetTaxHandler } from './set-tax/set-tax.handler';
import { SubmitQuoteHandler } from './submit-quote/submit-quote.handler';

export * from './quote-stream';
export * from './quote-access';
export * from './approval-policy';
export * from './accept-quote/accept-quote.command';
export * from './add-line/add-line.command';
export * from './approve-quote/approve-quote.command';
export * from './change-line/change-line.command';
export * from './decline-quote/decline-quote.command';
export * from './draft-quote/draft-quote.command';
export * from './expire-quote/expire-quote.command';
export * from './mark-quote-primary/mark-quote-primary.command';
export * from './recall-quote/recall-quote.command';
export * from './reject-quote/reject-quote.command';
export * from './remove-line/remove-line.command';
export * from './revise-quote/revise-quote.command';
export * from './send-quote/send-quote.command';
export * from './set-quote-discount/set-quote-discount.command';
export * from './set-tax/set-tax.command';
export * from './submit-quote/submit-quote.command';

export const quoteCommandHandlers = [
  DraftQuoteHandler,
  AddLineHandler,
  SubmitQuoteHandler,
  ReviseQuoteHandler,
  ChangeLineHandler,
  RemoveLineHandler,
  SetQuoteDiscountHandler,
  SetTaxHandler,
  ApproveQuoteHandler,
  RejectQuoteHandler,
  RecallQuoteHandler,
  SendQuoteHandler,
  AcceptQuoteHandler,
  DeclineQuoteHandler,
  ExpireQuoteHandler,
  MarkQuotePrimaryHandler,
];
export * from './expire-quotes/expire-due-quotes';
export * from './expire-quotes/quote-expiry.job';
