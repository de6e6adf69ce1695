import { processManagerOf } from '@ledger/read-store';
import { OpportunityCommandMessage } from '../opportunity';
import { netOfTax } from '../pricing';
import { quoteEvents } from '../quote';
import { FollowQuoteTotalCommand } from './follow-quote-total/follow-quote-total.handler';
import { contextFromEvent } from './process-context';

const NAME = 'quote-total-to-opportunity';

/**
 * Quote marked primary → the opportunity's amount becomes its total before tax; a later change of
 * any quote's total is offered to its opportunity, which follows it only if that quote is still
 * the primary one.
 */
export const quoteTotalToOpportunity = processManagerOf({
  name: NAME,
  events: quoteEvents,
  on: ['QuoteMarkedPrimary', 'QuoteLineAdded', 'QuoteLineChanged', 'QuoteLineRemoved', 'QuoteDiscountSet', 'QuoteTaxSet'],
  react: (event, recorded) => {
    const context = contextFromEvent(recorded, NAME);
    if (event.type === 'QuoteMarkedPrimary') {
      const d = event.data;
      const amount = { amountMinor: d.netMinor, currency: d.currency };
      return [new OpportunityCommandMessage({ type: 'SetPrimaryQuote', opportunityId: d.opportunityId, quoteId: d.quoteId, amount }, context)];
    }
    return [new FollowQuoteTotalCommand(event.data.quoteId, netOfTax(event.data.totals), context)];
  },
});
