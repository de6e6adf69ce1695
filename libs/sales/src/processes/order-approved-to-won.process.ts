import { map } from 'rxjs';
import type { ProcessManager } from '@ledger/read-store';
import { MarkWonCommand } from '../opportunity';
import type { OrderApproved } from '../order';
import { contextFromEvent, type EventStream, ofEventType } from './process-context';

const NAME = 'order-approved-to-won';

/** Order approved → the opportunity is won, for the order's total before tax (revenue is net of tax). */
export const orderApprovedToWon: ProcessManager = {
  name: NAME,
  handles: new Set(['OrderApproved']),
  saga: (events$: EventStream) =>
    events$.pipe(
      ofEventType<OrderApproved>('OrderApproved'),
      map(
        (event) =>
          new MarkWonCommand(
            event.data.opportunityId,
            { amount: { amountMinor: event.data.netMinor ?? event.data.totalMinor, currency: event.data.currency } },
            contextFromEvent(event, NAME),
          ),
      ),
    ),
};
