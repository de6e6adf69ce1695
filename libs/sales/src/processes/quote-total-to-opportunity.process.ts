import { map } from 'rxjs';
import type { ProcessManager } from '@ledger/read-store';
import { SetPrimaryQuoteCommand } from '../opportunity';
import type {
  QuoteDiscountSet,
  QuoteLineAdded,
  QuoteLineChanged,
  QuoteLineRemoved,
  QuoteMarkedPrimary,
  QuoteTaxSet,
} from '../quote';
import { FollowQuoteTotalCommand } from './follow-quote-total/follow-quote-total.command';
import { netOfTax } from '../pricing';
import { contextFromEvent, type EventStream, ofEventType } from './process-context';

const NAME = 'quote-total-to-opportunity';

type PricingEvent = QuoteLineAdded | QuoteLineChanged | QuoteLineRemoved | QuoteDiscountSet | QuoteTaxSet;
const PRICING_EVENTS: PricingEvent['type'][] = [
  'QuoteLineAdded',
  'QuoteLineChanged',
  'QuoteLineRemoved',
  'QuoteDiscountSet',
  'QuoteTaxSet',
];

/**
 * Quote marked primary → the opportunity's amount becomes its total before tax; a later change of any quote's
 * total is offered to its opportunity, which follows it only if that quote is still the primary one.
 */
export const quoteTotalToOpportunity: ProcessManager = {
  name: NAME,
  handles: new Set(['QuoteMarkedPrimary', ...PRICING_EVENTS]),
  saga: (events$: EventStream) =>
    events$.pipe(
      ofEventType<QuoteMarkedPrimary | PricingEvent>('QuoteMarkedPrimary', ...PRICING_EVENTS),
      map((event) => {
        const context = contextFromEvent(event, NAME);
        if (event.type === 'QuoteMarkedPrimary') {
          const d = (event.data as QuoteMarkedPrimary['data']);
          return new SetPrimaryQuoteCommand(
            d.opportunityId,
            { quoteId: d.quoteId, amount: { amountMinor: d.netMinor ?? d.totalMinor, currency: d.currency } },
            context,
          );
        }
        const d = event.data as PricingEvent['data'];
        return new FollowQuoteTotalCommand(d.quoteId, netOfTax(d.totals), context);
      }),
    ),
};
