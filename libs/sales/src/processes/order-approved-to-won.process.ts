import { processManagerOf } from '@ledger/read-store';
import { OpportunityCommandMessage } from '../opportunity';
import { orderEvents } from '../order';
import { contextFromEvent } from './process-context';

const NAME = 'order-approved-to-won';

/** Order approved → the opportunity is won, for the order's total before tax (revenue is net of tax). */
export const orderApprovedToWon = processManagerOf({
  name: NAME,
  events: orderEvents,
  on: ['OrderApproved'],
  react: ({ data: d }, recorded) => [
    new OpportunityCommandMessage(
      { type: 'MarkWon', opportunityId: d.opportunityId, amount: { amountMinor: d.netMinor, currency: d.currency } },
      contextFromEvent(recorded, NAME),
    ),
  ],
});
