import { type AllEvent, combinedCodec, exhaustive } from '@ledger/event-sourcing';
import { projectionOf, type ReadModelWrite, revisionGuardedUpsert, type UpdateSpec } from '@ledger/read-store';
import { type OpportunityEvent, opportunityEvents } from '../../../opportunity';
import { quoteEvents, type QuoteEvent } from '../../domain';
import { QUOTE_DEAL_OWNERS, QUOTE_VIEWS } from './quote-view.document';

const NO_SUBMISSION = {
  submittedAt: null,
  submittedBy: null,
  linesHash: null,
  policyVersion: null,
  approvalReasons: [],
  approvedBy: null,
  approvedAt: null,
};

const refusal = (kind: string, reason: string | null, by: string, at: string) => ({ lastRefusal: { kind, reason, by, at } });

function changesFor(event: QuoteEvent): UpdateSpec {
  switch (event.type) {
    case 'QuoteDrafted': {
      const d = event.data;
      return {
        $set: {
          opportunityId: d.opportunityId,
          accountId: d.accountId ?? null,
          version: d.version,
          previousQuoteId: d.previousQuoteId,
          supersededByQuoteId: null,
          status: 'draft',
          currency: d.currency,
          validUntil: d.validUntil,
          lineIds: [],
          lines: {},
          quoteDiscountBp: 0,
          taxBp: d.taxBp,
          totals: { grossMinor: 0, lineDiscountMinor: 0, subtotalMinor: 0, quoteDiscountMinor: 0, taxMinor: 0, totalMinor: 0, effectiveDiscountBp: 0 },
          draftedAt: d.draftedAt,
          draftedBy: d.draftedBy,
          ...NO_SUBMISSION,
          lastRefusal: null,
          sentAt: null,
          closedAt: null,
        },
      };
    }
    case 'QuoteLineAdded':
      return { $set: { [`lines.${event.data.line.lineId}`]: event.data.line, totals: event.data.totals }, $push: { lineIds: event.data.line.lineId } };
    case 'QuoteLineChanged':
      return { $set: { [`lines.${event.data.line.lineId}`]: event.data.line, totals: event.data.totals } };
    case 'QuoteLineRemoved':
      return { $set: { totals: event.data.totals }, $unset: { [`lines.${event.data.lineId}`]: '' }, $pull: { lineIds: event.data.lineId } };
    case 'QuoteDiscountSet':
      return { $set: { quoteDiscountBp: event.data.discountBp, totals: event.data.totals } };
    case 'QuoteTaxSet':
      return { $set: { taxBp: event.data.taxBp, totals: event.data.totals } };
    case 'QuoteSubmittedForApproval':
    case 'QuoteSubmitted': {
      const d = event.data;
      return {
        $set: {
          status: 'pending-approval',
          ...NO_SUBMISSION,
          submittedAt: d.submittedAt,
          submittedBy: d.submittedBy,
          linesHash: d.linesHash,
          policyVersion: d.policyVersion,
          approvalReasons: 'reasons' in d ? d.reasons : [],
          totals: d.totals,
        },
      };
    }
    case 'QuoteApproved':
      return { $set: { status: 'approved', approvedBy: event.data.approvedBy, approvedAt: event.data.approvedAt } };
    case 'QuoteRejected': {
      const d = event.data;
      return { $set: { status: 'draft', ...NO_SUBMISSION, ...refusal('rejected', d.reason, d.rejectedBy, d.rejectedAt) } };
    }
    case 'QuoteRecalled':
      return { $set: { status: 'draft', ...NO_SUBMISSION, ...refusal('recalled', null, event.data.recalledBy, event.data.recalledAt) } };
    case 'QuoteApprovalVoided':
      return { $set: { status: 'draft', ...NO_SUBMISSION } };
    case 'QuoteSent':
      return { $set: { status: 'sent', sentAt: event.data.sentAt } };
    case 'QuoteAccepted':
      return { $set: { status: 'accepted', closedAt: event.data.acceptedAt } };
    case 'QuoteDeclined': {
      const d = event.data;
      return { $set: { status: 'declined', closedAt: d.declinedAt, ...refusal('declined', d.reason, d.declinedBy, d.declinedAt) } };
    }
    case 'QuoteExpired':
      return { $set: { status: 'expired', closedAt: event.data.expiredAt } };
    case 'QuoteSuperseded':
      return { $set: { status: 'superseded', supersededByQuoteId: event.data.byQuoteId, closedAt: event.data.supersededAt } };
    case 'QuoteOrderWithheld':
      // The quote stays accepted; its timeline and stream say why no order followed.
      return { $set: {} };
    case 'QuoteMarkedPrimary':
      // Which quote is primary is the opportunity's to say (its view's primaryQuoteId), once it has followed.
      return { $set: {} };
    default:
      return exhaustive(event);
  }
}

/** The owner of an opportunity as it opens or changes hands; its quotes follow it (a replayed updateMany sets the same owner again). */
function ownerWrites(event: OpportunityEvent, recorded: AllEvent): ReadModelWrite[] {
  const owner = (opportunityId: string, ownerId: string) => revisionGuardedUpsert(QUOTE_DEAL_OWNERS, opportunityId, { $set: { ownerId } }, recorded);
  switch (event.type) {
    case 'OpportunityOpened':
      return [owner(event.data.opportunityId, event.data.ownerId)];
    case 'OpportunityOwnerReassigned': {
      const { opportunityId, ownerId } = event.data;
      return [owner(opportunityId, ownerId), { op: 'updateMany', collection: QUOTE_VIEWS, filter: { opportunityId }, update: { $set: { ownerId } } }];
    }
    default:
      return [];
  }
}

/**
 * Every write to a quote is guarded by its stream revision, so replaying an event changes nothing.
 * A quote's `ownerId` is its opportunity's owner, copied on write from what this projection keeps
 * of the opportunities (the log has the opportunity open before any of its quotes), so lists
 * filter by owner from an index, and a rebuild gives what live projection gave.
 */
export const quoteViewProjection = projectionOf({
  name: 'quote-views',
  collections: [QUOTE_VIEWS, QUOTE_DEAL_OWNERS],
  indexes: {
    // GET /quotes pages by (draftedAt, _id), newest first, by opportunity, status or owner.
    [QUOTE_VIEWS]: [
      { fields: { opportunityId: 1, draftedAt: 1, _id: 1 } },
      { fields: { status: 1, submittedAt: 1 } },
      { fields: { status: 1, draftedAt: 1, _id: 1 } },
      { fields: { draftedAt: 1, _id: 1 } },
      { fields: { ownerId: 1, draftedAt: 1, _id: 1 } },
    ],
  },
  events: combinedCodec<QuoteEvent | OpportunityEvent>(quoteEvents, opportunityEvents),
  only: [...quoteEvents.types, 'OpportunityOpened', 'OpportunityOwnerReassigned'],
  project: (event, recorded) => {
    if (opportunityEvents.is(event)) return ownerWrites(event, recorded);
    const write = revisionGuardedUpsert(QUOTE_VIEWS, event.data.quoteId, changesFor(event), recorded);
    if (event.type !== 'QuoteDrafted') return [write];
    return [{ ...write, copy: { from: QUOTE_DEAL_OWNERS, id: event.data.opportunityId, fields: { ownerId: 'ownerId' } } }];
  },
});
