import { Query } from '@nestjs/cqrs';
import type { QuoteResource } from '../quote-view/quote-resource';

export type QuoteVersion = Pick<QuoteResource, 'id' | 'version' | 'status' | 'totals' | 'draftedAt' | 'closedAt'>;

export type QuoteDetails = QuoteResource & {
  /** Whether the opportunity's amount follows this quote. */
  readonly primary: boolean;
  /** Every version of this quote, oldest first, this one included. */
  readonly versions: readonly QuoteVersion[];
};

export class GetQuoteQuery extends Query<QuoteDetails | null> {
  constructor(readonly quoteId: string) {
    super();
  }
}
