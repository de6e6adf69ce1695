import { type AllEvent, combinedCodec, exhaustive } from '@ledger/event-sourcing';
import { projectionOf, type ReadModelWrite, revisionGuardedUpsert, type UpdateSpec } from '@ledger/read-store';
import { type OpportunityEvent, opportunityEvents } from '../../../opportunity';
import { orderEvents, type OrderEvent } from '../../domain';
import { ORDER_DEAL_OWNERS, ORDER_VIEWS } from './order-view.document';

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

/** The owner of an opportunity as it opens or changes hands; its orders follow it (a replayed updateMany sets the same owner again). */
function ownerWrites(event: OpportunityEvent, recorded: AllEvent): ReadModelWrite[] {
  const owner = (opportunityId: string, ownerId: string) => revisionGuardedUpsert(ORDER_DEAL_OWNERS, opportunityId, { $set: { ownerId } }, recorded);
  switch (event.type) {
    case 'OpportunityOpened':
      return [owner(event.data.opportunityId, event.data.ownerId)];
    case 'OpportunityOwnerReassigned': {
      const { opportunityId, ownerId } = event.data;
      return [owner(opportunityId, ownerId), { op: 'updateMany', collection: ORDER_VIEWS, filter: { opportunityId }, update: { $set: { ownerId } } }];
    }
    default:
      return [];
  }
}

/**
 * Every write to an order is guarded by its stream revision, so replaying an event changes nothing.
 * An order's `ownerId` is its opportunity's owner, copied on write from what this projection keeps
 * of the opportunities (the log has the opportunity open before any of its orders), so lists
 * filter by owner from an index, and a rebuild gives what live projection gave.
 */
export const orderViewProjection = projectionOf({
  name: 'order-views',
  collections: [ORDER_VIEWS, ORDER_DEAL_OWNERS],
  indexes: {
    // GET /orders pages by (placedAt, _id), newest first, by opportunity, quote, status or owner.
    [ORDER_VIEWS]: [
      { fields: { opportunityId: 1, placedAt: 1, _id: 1 } },
      { fields: { quoteId: 1, placedAt: 1, _id: 1 } },
      { fields: { status: 1, submittedAt: 1 } },
      { fields: { status: 1, placedAt: 1, _id: 1 } },
      { fields: { placedAt: 1, _id: 1 } },
      { fields: { ownerId: 1, placedAt: 1, _id: 1 } },
    ],
  },
  events: combinedCodec<OrderEvent | OpportunityEvent>(orderEvents, opportunityEvents),
  only: [...orderEvents.types, 'OpportunityOpened', 'OpportunityOwnerReassigned'],
  project: (event, recorded) => {
    if (opportunityEvents.is(event)) return ownerWrites(event, recorded);
    const write = revisionGuardedUpsert(ORDER_VIEWS, event.data.orderId, changesFor(event), recorded);
    if (event.type !== 'OrderPlaced') return [write];
    return [{ ...write, copy: { from: ORDER_DEAL_OWNERS, id: event.data.opportunityId, fields: { ownerId: 'ownerId' } } }];
  },
});
