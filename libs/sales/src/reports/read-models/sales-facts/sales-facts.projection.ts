import { type AllEvent, calendarDate, combinedCodec } from '@ledger/event-sourcing';
import { projectionOf, type ReadModelWrite, revisionGuardedUpsert, type UpdateSpec, type UpsertWrite } from '@ledger/read-store';
import { type AccountEvent, accountEvents } from '../../../account';
import { type OpportunityEvent, opportunityEvents } from '../../../opportunity';
import { type OrderEvent, orderEvents } from '../../../order';
import { productCodeFor } from '../../../product';
import { type QuoteEvent, quoteEvents } from '../../../quote';
import { ACCOUNT_CLOSES_CUBE, CLOSED_DEALS_CUBE } from './closed-deals.cube';
import { FUNNEL_CUBE } from './funnel.cube';
import { QUOTES_CUBE } from './quotes.cube';
import { DEAL_FACTS, FACT_ACCOUNTS, QUOTE_FACTS } from './sales-facts.documents';

const productOf = (interest: string | null): string | null => (interest === null ? null : productCodeFor(interest) || null);
const sectorOf = (sector: string | null): string | null => (sector === null || sector.trim() === '' ? null : sector.trim().toLowerCase());

/** A deal's fact, guarded by its stream revision; the account's sector copied as this projection knows it. */
const deal = (event: AllEvent, id: string, update: UpdateSpec, accountId?: string | null): UpsertWrite => ({
  ...revisionGuardedUpsert(DEAL_FACTS, id, update, event),
  ...(accountId ? { copy: { from: FACT_ACCOUNTS, id: accountId, fields: { sector: 'sector' } } } : {}),
});

const quote = (event: AllEvent, id: string, set: Record<string, unknown>, unset?: string): UpsertWrite =>
  revisionGuardedUpsert(QUOTE_FACTS, id, { $set: set, ...(unset ? { $unset: { [unset]: '' } } : {}) }, event);

function opportunityWrites(event: AllEvent, domain: OpportunityEvent): ReadModelWrite[] {
  const id = domain.data.opportunityId;
  const day = (instant: string): string => calendarDate(instant);
  switch (domain.type) {
    case 'OpportunityOpened': {
      const d = domain.data;
      const openedOn = d.openedOn;
      return [
        deal(
          event,
          id,
          {
            $set: {
              ownerId: d.ownerId,
              product: productOf(d.productInterest),
              accountId: d.accountId,
              currency: d.amount?.currency ?? null,
              amountMinor: d.amount?.amountMinor ?? null,
              status: 'open',
              stage: d.stage,
              probability: d.probability,
              openedOn,
              closedOn: null,
              lostReason: null,
              competitor: null,
              stages: [{ stage: d.stage, on: openedOn }],
            },
          },
          d.accountId,
        ),
      ];
    }
    case 'OpportunityDetailsUpdated': {
      const c = domain.data.changes;
      return [
        deal(event, id, {
          $set: {
            ...(c.amount ? { amountMinor: c.amount.amountMinor, currency: c.amount.currency } : {}),
            ...(c.productInterest !== undefined ? { product: productOf(c.productInterest) } : {}),
          },
        }),
      ];
    }
    case 'OpportunityOwnerReassigned':
      return [
        deal(event, id, { $set: { ownerId: domain.data.ownerId } }),
        { op: 'updateMany', collection: QUOTE_FACTS, filter: { opportunityId: id }, update: { $set: { ownerId: domain.data.ownerId } } },
      ];
    case 'OpportunityStageChanged':
      return [deal(event, id, { $set: { stage: domain.data.to, probability: domain.data.probability }, $push: { stages: { stage: domain.data.to, on: day(domain.data.changedAt) } } })];
    case 'OpportunityForecastAdjusted':
      return [deal(event, id, { $set: { probability: domain.data.probability } })];
    case 'OpportunityWon': {
      const d = domain.data;
      return [deal(event, id, { $set: { status: 'won', probability: 100, amountMinor: d.amount.amountMinor, currency: d.amount.currency, closedOn: d.closedOn } })];
    }
    case 'OpportunityLost': {
      const d = domain.data;
      return [deal(event, id, { $set: { status: 'lost', probability: 0, closedOn: d.closedOn, lostReason: d.reason, competitor: d.competitor } })];
    }
    case 'OpportunityReopened': {
      const d = domain.data;
      return [
        deal(event, id, {
          $set: { status: 'open', stage: d.stage, probability: d.probability, closedOn: null, lostReason: null, competitor: null },
          $push: { stages: { stage: d.stage, on: day(d.reopenedAt) } },
        }),
      ];
    }
    case 'OpportunityPrimaryQuoteSet':
    case 'OpportunityAmountSynced':
      return [deal(event, id, { $set: { amountMinor: domain.data.amount.amountMinor, currency: domain.data.amount.currency } })];
    case 'OpportunityAccountChanged':
      return [deal(event, id, { $set: { accountId: domain.data.accountId } }, domain.data.accountId)];
  }
}

/** A sector changed: the account's own record, then every deal and quote of the account. */
function sectorWrites(event: AllEvent, accountId: string, sector: string | null): ReadModelWrite[] {
  return [
    revisionGuardedUpsert(FACT_ACCOUNTS, accountId, { $set: { sector } }, event),
    { op: 'updateMany', collection: DEAL_FACTS, filter: { accountId }, update: { $set: { sector } } },
    { op: 'updateMany', collection: QUOTE_FACTS, filter: { accountId }, update: { $set: { sector } } },
  ];
}

function quoteWrites(event: AllEvent, domain: QuoteEvent): ReadModelWrite[] {
  const id = domain.data.quoteId;
  switch (domain.type) {
    case 'QuoteDrafted': {
      const d = domain.data;
      return [
        {
          ...quote(event, id, {
            opportunityId: d.opportunityId,
            accountId: d.accountId ?? null,
            currency: d.currency,
            draftedOn: calendarDate(event.metadata.occurredAt),
            lines: {},
            effectiveDiscountBp: 0,
            submittedAt: null,
            neededManager: false,
            decidedAt: null,
            decision: null,
            sent: false,
            accepted: false,
          }),
          copy: { from: DEAL_FACTS, id: d.opportunityId, fields: { ownerId: 'ownerId', sector: 'sector' } },
        },
      ];
    }
    case 'QuoteLineAdded':
    case 'QuoteLineChanged':
      return [quote(event, id, { [`lines.${domain.data.line.lineId}`]: domain.data.line.productCode, effectiveDiscountBp: domain.data.totals.effectiveDiscountBp })];
    case 'QuoteLineRemoved':
      return [quote(event, id, { effectiveDiscountBp: domain.data.totals.effectiveDiscountBp }, `lines.${domain.data.lineId}`)];
    case 'QuoteDiscountSet':
    case 'QuoteTaxSet':
      return [quote(event, id, { effectiveDiscountBp: domain.data.totals.effectiveDiscountBp })];
    case 'QuoteSubmittedForApproval':
      return [quote(event, id, { submittedAt: domain.data.submittedAt, neededManager: true, decision: null, decidedAt: null })];
    case 'QuoteSubmitted':
      return [quote(event, id, { submittedAt: domain.data.submittedAt, neededManager: false, decision: null, decidedAt: null })];
    case 'QuoteApproved':
      return [quote(event, id, { decision: 'approved', decidedAt: domain.data.approvedAt })];
    case 'QuoteRejected':
      return [quote(event, id, { decision: 'rejected', decidedAt: domain.data.rejectedAt })];
    case 'QuoteRecalled':
    case 'QuoteApprovalVoided':
      return [quote(event, id, { decision: null, decidedAt: null })];
    case 'QuoteSent':
      return [quote(event, id, { sent: true })];
    case 'QuoteAccepted':
      return [quote(event, id, { accepted: true })];
    default:
      return [];
  }
}


/**
 * The facts analysts' reports add up: one per deal and one per quote version, with the
 * dimensions reports filter and group by (the account's sector copied on write) and business
 * dates; the store keeps the cubes over them (closed deals, funnel, quotes) in the same commits.
 */
export const salesFactsProjection = projectionOf({
  name: 'sales-facts',
  collections: [DEAL_FACTS, QUOTE_FACTS, FACT_ACCOUNTS],
  indexes: {
    [DEAL_FACTS]: [{ fields: { accountId: 1 } }],
    [QUOTE_FACTS]: [{ fields: { opportunityId: 1 } }, { fields: { accountId: 1 } }],
  },
  cubes: [CLOSED_DEALS_CUBE, ACCOUNT_CLOSES_CUBE, FUNNEL_CUBE, QUOTES_CUBE],
  events: combinedCodec<OpportunityEvent | AccountEvent | QuoteEvent | OrderEvent>(opportunityEvents, accountEvents, quoteEvents, orderEvents),
  project: (event, recorded): readonly ReadModelWrite[] => {
    if (opportunityEvents.is(event)) return opportunityWrites(recorded, event);
    if (quoteEvents.is(event)) return quoteWrites(recorded, event);
    switch (event.type) {
      case 'OrderPlaced':
        return [{ op: 'upsert', collection: QUOTE_FACTS, id: event.data.quoteId, update: { $set: { ordered: true } } }];
      case 'AccountRegistered':
        return sectorWrites(recorded, event.data.accountId, sectorOf(event.data.sector));
      case 'AccountProfileUpdated':
        return event.data.changes.sector === undefined ? [] : sectorWrites(recorded, event.data.accountId, sectorOf(event.data.changes.sector));
      default:
        return [];
    }
  },
});
