import { exhaustive } from '@ledger/event-sourcing';
import { projectionOf, revisionGuardedUpsert, type UpdateSpec } from '@ledger/read-store';
import { orderEvents, type OrderEvent } from '../../domain';
import { ORDER_VIEWS } from './order-view.document';

function changesFor(event: OrderEvent): UpdateSpec {
  switch (event.type) {
    case 'OrderPlaced': {
      const d = event.data;
      return {
        $set: {
          quoteId: d.quoteId,
          quoteVersion: d.quoteVersion,
          opportunityId: d.opportunityId,
          status: 'pending-approval',
          currency: d.currency,
          lineIds: d.lines.map((line) => line.lineId),
          lines: Object.fromEntries(d.lines.map((line) => [line.lineId, line])),
          quoteDiscountBp: d.quoteDiscountBp,
          taxBp: d.taxBp,
          totals: d.totals,
          placedAt: d.placedAt,
          placedBy: d.placedBy,
          requestedBy: d.requestedBy,
          submittedAt: null,
          approvalReasons: [],
          policyVersion: null,
          approvedBy: null,
          approvedAt: null,
          fulfilledOn: null,
          closedReason: null,
          closedAt: null,
        },
      };
    }
    case 'OrderApprovalRequested': {
      const d = event.data;
      return { $set: { status: 'pending-approval', submittedAt: d.requestedAt, approvalReasons: d.reasons, policyVersion: d.policyVersion } };
    }
    case 'OrderApproved': {
      const d = event.data;
      return { $set: { status: 'approved', approvedBy: d.approvedBy, approvedAt: d.approvedAt, policyVersion: d.policyVersion } };
    }
    case 'OrderLineQuantityChanged':
      return { $set: { [`lines.${event.data.lineId}.quantity`]: event.data.quantity, totals: event.data.totals } };
    case 'OrderRejected':
      return { $set: { status: 'rejected', closedReason: event.data.reason, closedAt: event.data.rejectedAt } };
    case 'OrderFulfilled':
      return { $set: { status: 'fulfilled', fulfilledOn: event.data.fulfilledOn, closedAt: event.data.fulfilledAt } };
    case 'OrderCancelled':
      return { $set: { status: 'cancelled', closedReason: event.data.reason, closedAt: event.data.cancelledAt } };
    default:
      return exhaustive(event);
  }
}

/** Every write is guarded by the stream revision, so replaying an event changes nothing. */
export const orderViewProjection = projectionOf({
  name: 'order-views',
  collections: [ORDER_VIEWS],
  indexes: {
    [ORDER_VIEWS]: [{ fields: { opportunityId: 1 } }, { fields: { status: 1, submittedAt: 1 } }, { fields: { placedAt: 1 } }],
  },
  events: orderEvents,
  project: (event, recorded) => {
    const update = changesFor(event);
    return [revisionGuardedUpsert(ORDER_VIEWS, event.data.orderId, update, recorded)];
  },
});
