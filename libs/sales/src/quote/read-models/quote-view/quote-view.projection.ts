import { exhaustive } from '@ledger/event-sourcing';
import { projectionOf, revisionGuardedUpsert, type UpdateSpec } from '@ledger/read-store';
import { quoteEvents, type QuoteEvent } from '../../domain';
import { QUOTE_VIEWS } from './quote-view.document';

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

/** Every write is guarded by the stream revision, so replaying an event changes nothing. */
export const quoteViewProjection = projectionOf({
  name: 'quote-views',
  collections: [QUOTE_VIEWS],
  indexes: {
    [QUOTE_VIEWS]: [{ fields: { opportunityId: 1 } }, { fields: { status: 1, submittedAt: 1 } }, { fields: { draftedAt: 1 } }],
  },
  events: quoteEvents,
  project: (event, recorded) => {
    const update = changesFor(event);
    return [revisionGuardedUpsert(QUOTE_VIEWS, event.data.quoteId, update, recorded)];
  },
});
