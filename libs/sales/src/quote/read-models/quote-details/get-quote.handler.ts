import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { ReadStore } from '@ledger/read-store';
import { withNetOfTax } from '../../../pricing';
import { OPPORTUNITY_VIEWS, type OpportunityView } from '../../../opportunity';
import { QUOTE_VIEWS, type QuoteView } from '../quote-view/quote-view.document';
import { toQuoteResource } from '../quote-view/quote-resource';
import { GetQuoteQuery, type QuoteDetails, type QuoteVersion } from './get-quote.query';

/** Follows previous/superseded-by links among the opportunity's quotes: the chain this quote belongs to. */
function versionChain(quote: QuoteView, siblings: readonly QuoteView[]): QuoteView[] {
  const byId = new Map(siblings.map((sibling) => [sibling._id, sibling]));
  const chain = [quote];
  for (let q = quote; q.previousQuoteId && byId.has(q.previousQuoteId); ) {
    q = byId.get(q.previousQuoteId)!;
    chain.unshift(q);
  }
  for (let q = quote; q.supersededByQuoteId && byId.has(q.supersededByQuoteId); ) {
    q = byId.get(q.supersededByQuoteId)!;
    chain.push(q);
  }
  return chain;
}

const versionOf = (view: QuoteView): QuoteVersion => ({
  id: view._id,
  version: view.version,
  status: view.status,
  totals: withNetOfTax(view.totals),
  draftedAt: view.draftedAt,
  closedAt: view.closedAt,
});

@QueryHandler(GetQuoteQuery)
export class GetQuoteHandler implements IQueryHandler<GetQuoteQuery> {
  constructor(private readonly readStore: ReadStore) {}

  async execute({ quoteId }: GetQuoteQuery): Promise<QuoteDetails | null> {
    const quote = await this.readStore.findOne<QuoteView>(QUOTE_VIEWS, { _id: quoteId });
    if (!quote) return null;
    const [siblings, opportunity] = await Promise.all([
      this.readStore.find<QuoteView>(QUOTE_VIEWS, { opportunityId: quote.opportunityId }),
      this.readStore.findOne<OpportunityView>(OPPORTUNITY_VIEWS, { _id: quote.opportunityId }),
    ]);
    return {
      ...toQuoteResource(quote),
      primary: opportunity?.primaryQuoteId === quote._id,
      versions: versionChain(quote, siblings).map(versionOf),
    };
  }
}
