// `decide`, `evolve` and `initialState` stay behind `quoteDecider` so that other aggregates'
// domains can be re-exported next to this one without name clashes.
export * from './quote.events';
export * from './quote.commands';
export * from './quote.errors';
export type {
  AcceptedQuoteState,
  ApprovedQuoteState,
  DeclinedQuoteState,
  DraftQuoteState,
  ExistingQuoteState,
  ExpiredQuoteState,
  InitialQuoteState,
  PendingApprovalQuoteState,
  QuoteFacts,
  QuoteState,
  QuoteStatus,
  SentQuoteState,
  Submission,
  SupersededQuoteState,
} from './quote.state';
export {
  FULL_BASIS_POINTS,
  type LineAmounts,
  lineAmounts,
  type PricedContent,
  type PricedLine,
  type QuoteLine,
  quoteLinesHash,
  type QuoteTotals,
  quoteTotals,
  ZERO_TOTALS,
} from '../../pricing';
export { quoteDecider } from './quote.decide';
