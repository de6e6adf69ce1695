import { derivedCommandId } from '@ledger/event-sourcing';
import { processManagerOf } from '@ledger/read-store';
import type { OrderApprovalPolicy } from '../order';
import { quoteEvents } from '../quote';
import { PlaceOrderOfAcceptedQuoteCommand } from './place-order-of-accepted-quote/place-order-of-accepted-quote.handler';
import { contextFromEvent } from './process-context';

const NAME = 'quote-accepted-to-order';

/** One accepted quote makes one order, so the order's id follows from the quote's. */
export const orderIdForQuote = (quoteId: string): string => derivedCommandId(quoteId, 'order-of-quote');

/**
 * Quote accepted → place the order under the configured policy: lines, discount and tax exactly as
 * the customer accepted them; or, if the opportunity was lost meanwhile, withhold it (see the handler).
 */
export const quoteAcceptedToOrder = (policy: OrderApprovalPolicy) =>
  processManagerOf({
    name: NAME,
    events: quoteEvents,
    on: ['QuoteAccepted'],
    react: ({ data: d }, recorded) => [
      new PlaceOrderOfAcceptedQuoteCommand(
        {
          type: 'PlaceOrder',
          orderId: orderIdForQuote(d.quoteId),
          quoteId: d.quoteId,
          opportunityId: d.opportunityId,
          quoteVersion: d.version,
          currency: d.currency,
          lines: d.lines,
          quoteDiscountBp: d.quoteDiscountBp,
          taxBp: d.taxBp,
          requestedBy: d.acceptedBy,
          policy,
        },
        contextFromEvent(recorded, NAME),
      ),
    ],
  });
