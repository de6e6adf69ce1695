import { type AllEvent, combinedCodec } from '@ledger/event-sourcing';
import { projectionOf, type ReadModelWrite, revisionGuardedUpsert, type UpsertWrite } from '@ledger/read-store';
import { type AccountEvent, accountEvents } from '../../../account';
import { type OpportunityEvent, opportunityEvents } from '../../../opportunity';
import { type OrderEvent, orderEvents } from '../../../order';
import { type QuoteEvent, quoteEvents } from '../../../quote';
import { type TeamMemberEvent, teamMemberEvents } from '../../../team';
import { APPROVAL_ACCOUNTS, APPROVAL_MEMBERS, APPROVAL_OPPORTUNITIES, APPROVAL_QUEUE } from './approval-queue.document';

/** A quote's or an order's document, guarded by its stream revision (every event of it writes, so `_revision` is the stream's). */
const item = (event: AllEvent, id: string, set: Record<string, unknown>): UpsertWrite => revisionGuardedUpsert(APPROVAL_QUEUE, id, { $set: set }, event);

/** The title and account of the opportunity, copied on write from what this projection keeps of it. */
const withOpportunity = (write: UpsertWrite, opportunityId: string): UpsertWrite => ({
  ...write,
  copy: { from: APPROVAL_OPPORTUNITIES, id: opportunityId, fields: { title: 'title', accountId: 'accountId', accountName: 'accountName' } },
});

/** The submitter's name from the team directory, copied on write (unguarded: it copies the same name again on a replay). */
const submitterName = (id: string, userId: string): UpsertWrite => ({
  op: 'upsert',
  collection: APPROVAL_QUEUE,
  id,
  update: { $set: {} },
  copy: { from: APPROVAL_MEMBERS, id: userId, fields: { submitterName: 'name' } },
});

const NOT_PENDING = { pending: false };

function quoteWrites(event: AllEvent, domain: QuoteEvent): ReadModelWrite[] {
  const id = domain.data.quoteId;
  switch (domain.type) {
    case 'QuoteDrafted': {
      const d = domain.data;
      const created = { kind: 'quote', ...NOT_PENDING, opportunityId: d.opportunityId, currency: d.currency, submittedAt: null, submittedBy: null, reasons: [], totals: null, linesHash: null };
      return [withOpportunity(item(event, id, created), d.opportunityId)];
    }
    case 'QuoteLineAdded':
    case 'QuoteLineChanged':
    case 'QuoteLineRemoved':
    case 'QuoteDiscountSet':
    case 'QuoteTaxSet':
      return [item(event, id, { totals: domain.data.totals })];
    case 'QuoteSubmittedForApproval': {
      const d = domain.data;
      return [
        item(event, id, { pending: true, submittedAt: d.submittedAt, submittedBy: d.submittedBy, reasons: d.reasons, totals: d.totals, linesHash: d.linesHash }),
        submitterName(id, d.submittedBy),
      ];
    }
    case 'QuoteSubmitted':
      return [item(event, id, { ...NOT_PENDING, totals: domain.data.totals, linesHash: domain.data.linesHash })];
    case 'QuoteMarkedPrimary':
      return [item(event, id, {})];
    default:
      // Approved, rejected, recalled, voided, sent, accepted, declined, expired, superseded: nothing waits any more.
      return [item(event, id, NOT_PENDING)];
  }
}

function orderWrites(event: AllEvent, domain: OrderEvent): ReadModelWrite[] {
  const id = domain.data.orderId;
  switch (domain.type) {
    case 'OrderPlaced': {
      const d = domain.data;
      const created = { kind: 'order', ...NOT_PENDING, opportunityId: d.opportunityId, currency: d.currency, submittedAt: null, submittedBy: d.requestedBy, reasons: [], totals: d.totals, linesHash: null };
      return [withOpportunity(item(event, id, created), d.opportunityId), submitterName(id, d.requestedBy)];
    }
    case 'OrderApprovalRequested':
      return [item(event, id, { pending: true, submittedAt: domain.data.requestedAt, reasons: domain.data.reasons })];
    case 'OrderLineQuantityChanged':
      return [item(event, id, { totals: domain.data.totals })];
    default:
      return [item(event, id, NOT_PENDING)];
  }
}

function opportunityWrites(event: AllEvent, domain: OpportunityEvent): ReadModelWrite[] {
  const id = domain.data.opportunityId;
  const opportunity = (set: Record<string, unknown>, accountId: string | null): UpsertWrite => ({
    ...revisionGuardedUpsert(APPROVAL_OPPORTUNITIES, id, { $set: set }, event),
    ...(accountId ? { copy: { from: APPROVAL_ACCOUNTS, id: accountId, fields: { accountName: 'name' } } } : {}),
  });
  switch (domain.type) {
    case 'OpportunityOpened': {
      const { title, accountId, accountName } = domain.data;
      // The name the event carries, else the one this projection knows for the account.
      return [opportunity({ title, accountId, ...(accountName === null ? {} : { accountName }) }, accountName === null ? accountId : null)];
    }
    case 'OpportunityDetailsUpdated': {
      const title = domain.data.changes.title;
      if (title === undefined) return [];
      return [opportunity({ title }, null), { op: 'updateMany', collection: APPROVAL_QUEUE, filter: { opportunityId: id }, update: { $set: { title } } }];
    }
    case 'OpportunityAccountChanged': {
      const { accountId, accountName } = domain.data;
      return [
        opportunity({ accountId, ...(accountName === null ? {} : { accountName }) }, accountName === null ? accountId : null),
        { op: 'updateMany', collection: APPROVAL_QUEUE, filter: { opportunityId: id }, update: { $set: { accountId, accountName } } },
      ];
    }
    default:
      return [];
  }
}

function accountWrites(event: AllEvent, domain: AccountEvent): ReadModelWrite[] {
  switch (domain.type) {
    case 'AccountRegistered':
      return [revisionGuardedUpsert(APPROVAL_ACCOUNTS, domain.data.accountId, { $set: { name: domain.data.name } }, event)];
    case 'AccountRenamed': {
      const { accountId, name } = domain.data;
      return [
        revisionGuardedUpsert(APPROVAL_ACCOUNTS, accountId, { $set: { name } }, event),
        { op: 'updateMany', collection: APPROVAL_OPPORTUNITIES, filter: { accountId }, update: { $set: { accountName: name } } },
        { op: 'updateMany', collection: APPROVAL_QUEUE, filter: { accountId }, update: { $set: { accountName: name } } },
      ];
    }
    default:
      return [];
  }
}

/**
 * The approval queue: every quote and order with what a manager decides on (title, account and
 * submitter names, totals, discount, reasons), names copied on write and kept current when they
 * change, so the queue is read from one indexed collection.
 */
export const approvalQueueProjection = projectionOf({
  name: 'approval-queue',
  collections: [APPROVAL_QUEUE, APPROVAL_OPPORTUNITIES, APPROVAL_ACCOUNTS, APPROVAL_MEMBERS],
  indexes: {
    [APPROVAL_QUEUE]: [{ fields: { pending: 1, submittedAt: 1, _id: 1 } }, { fields: { opportunityId: 1 } }, { fields: { accountId: 1 } }, { fields: { submittedBy: 1 } }],
    [APPROVAL_OPPORTUNITIES]: [{ fields: { accountId: 1 } }],
  },
  events: combinedCodec<QuoteEvent | OrderEvent | OpportunityEvent | AccountEvent | TeamMemberEvent>(quoteEvents, orderEvents, opportunityEvents, accountEvents, teamMemberEvents),
  project: (event, recorded): readonly ReadModelWrite[] => {
    if (quoteEvents.is(event)) return quoteWrites(recorded, event);
    if (orderEvents.is(event)) return orderWrites(recorded, event);
    if (opportunityEvents.is(event)) return opportunityWrites(recorded, event);
    if (accountEvents.is(event)) return accountWrites(recorded, event);
    if (event.type === 'TeamMemberAdded') return [revisionGuardedUpsert(APPROVAL_MEMBERS, event.data.userId, { $set: { name: event.data.name } }, recorded)];
    if (event.type === 'TeamMemberRenamed') {
      const { userId, name } = event.data;
      return [
        revisionGuardedUpsert(APPROVAL_MEMBERS, userId, { $set: { name } }, recorded),
        { op: 'updateMany', collection: APPROVAL_QUEUE, filter: { submittedBy: userId }, update: { $set: { submitterName: name } } },
      ];
    }
    return [];
  },
});
