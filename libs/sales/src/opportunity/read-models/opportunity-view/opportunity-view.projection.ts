import { exhaustive } from '@ledger/event-sourcing';
import { projectionOf, revisionGuardedUpsert, type UpdateSpec } from '@ledger/read-store';
import { opportunityEvents, type OpportunityEvent } from '../../domain';
import { FORECAST_CUBE } from '../forecast/forecast.cube';
import { PIPELINE_CUBE } from '../pipeline/pipeline.cube';
import { OPPORTUNITY_VIEWS, type StageStep } from './opportunity-view.document';

const month = (date: string): string => date.slice(0, 7);

function changesFor(event: OpportunityEvent, by: string): UpdateSpec {
  const step = (s: Omit<StageStep, 'by'>): StageStep => ({ ...s, by });
  switch (event.type) {
    case 'OpportunityOpened': {
      const d = event.data;
      return {
        $set: {
          title: d.title,
          accountId: d.accountId,
          accountName: d.accountName,
          ownerId: d.ownerId,
          status: 'open',
          stage: d.stage,
          probability: d.probability,
          forecastCategory: d.forecastCategory,
          amountMinor: d.amount?.amountMinor ?? null,
          currency: d.amount?.currency ?? null,
          expectedCloseDate: d.expectedCloseDate,
          expectedCloseMonth: month(d.expectedCloseDate),
          source: d.source,
          productInterest: d.productInterest,
          openedAt: d.openedAt,
          openedBy: d.openedBy,
          openedOn: d.openedOn,
          closedAt: null,
          closedOn: null,
          closedMonth: null,
          lostReason: null,
          competitor: null,
          primaryQuoteId: null,
          assignment: d.assignment,
          stageHistory: [step({ stage: d.stage, enteredAt: d.openedAt, how: 'opened', reason: null })],
        },
        ...(d.accountId === null ? {} : { $addToSet: { accountIds: d.accountId } }),
      };
    }
    case 'OpportunityDetailsUpdated': {
      const c = event.data.changes;
      const set: Record<string, unknown> = {};
      if (c.title !== undefined) set.title = c.title;
      if (c.amount !== undefined) Object.assign(set, { amountMinor: c.amount.amountMinor, currency: c.amount.currency });
      if (c.expectedCloseDate !== undefined) {
        Object.assign(set, { expectedCloseDate: c.expectedCloseDate, expectedCloseMonth: month(c.expectedCloseDate) });
      }
      if (c.productInterest !== undefined) set.productInterest = c.productInterest;
      if (c.source !== undefined) set.source = c.source;
      return { $set: set };
    }
    case 'OpportunityOwnerReassigned':
      return { $set: { ownerId: event.data.ownerId } };
    case 'OpportunityStageChanged': {
      const d = event.data;
      return {
        $set: { stage: d.to, probability: d.probability, forecastCategory: d.forecastCategory },
        $push: { stageHistory: step({ stage: d.to, enteredAt: d.changedAt, how: d.direction, reason: d.reason }) },
      };
    }
    case 'OpportunityForecastAdjusted':
      return { $set: { probability: event.data.probability, forecastCategory: event.data.forecastCategory } };
    case 'OpportunityWon': {
      const d = event.data;
      return {
        $set: {
          status: 'won',
          probability: 100,
          forecastCategory: 'closed',
          amountMinor: d.amount.amountMinor,
          currency: d.amount.currency,
          closedAt: d.closedAt,
          closedOn: d.closedOn,
          closedMonth: month(d.closedOn),
        },
        $push: { stageHistory: step({ stage: d.stageAtClose, enteredAt: d.closedAt, how: 'won', reason: null }) },
      };
    }
    case 'OpportunityLost': {
      const d = event.data;
      return {
        $set: {
          status: 'lost',
          probability: 0,
          forecastCategory: 'omitted',
          closedAt: d.closedAt,
          closedOn: d.closedOn,
          closedMonth: month(d.closedOn),
          lostReason: d.reason,
          competitor: d.competitor,
        },
        $push: { stageHistory: step({ stage: d.stageAtClose, enteredAt: d.closedAt, how: 'lost', reason: d.reason }) },
      };
    }
    case 'OpportunityReopened': {
      const d = event.data;
      return {
        $set: {
          status: 'open',
          stage: d.stage,
          probability: d.probability,
          forecastCategory: d.forecastCategory,
          closedAt: null,
          closedOn: null,
          closedMonth: null,
          lostReason: null,
          competitor: null,
        },
        $push: { stageHistory: step({ stage: d.stage, enteredAt: d.reopenedAt, how: 'reopened', reason: d.reason }) },
      };
    }
    case 'OpportunityPrimaryQuoteSet':
    case 'OpportunityAmountSynced': {
      const d = event.data;
      return { $set: { primaryQuoteId: d.quoteId, amountMinor: d.amount.amountMinor, currency: d.amount.currency } };
    }
    case 'OpportunityAccountChanged': {
      const d = event.data;
      return { $set: { accountId: d.accountId, accountName: d.accountName }, $addToSet: { accountIds: d.accountId } };
    }
    default:
      return exhaustive(event);
  }
}

/** Every write is guarded by the stream revision, so replaying an event changes nothing. */
export const opportunityViewProjection = projectionOf({
  name: 'opportunity-views',
  collections: [OPPORTUNITY_VIEWS],
  indexes: {
    [OPPORTUNITY_VIEWS]: [
      { fields: { status: 1, stage: 1 } },
      { fields: { ownerId: 1 } },
      { fields: { accountId: 1 } },
      { fields: { accountIds: 1 } },
      // The list's sorts (LIST_SORT_FIELDS), each with `_id` for keyset paging.
      { fields: { expectedCloseDate: 1, _id: 1 } },
      { fields: { amountMinor: 1, _id: 1 } },
      { fields: { probability: 1, _id: 1 } },
      { fields: { updatedAt: 1, _id: 1 } },
      { fields: { openedAt: 1, _id: 1 } },
      { fields: { title: 1, _id: 1 } },
    ],
  },
  cubes: [PIPELINE_CUBE, FORECAST_CUBE],
  events: opportunityEvents,
  project: (event, recorded) => {
    const update = changesFor(event, recorded.metadata.actor.userId);
    return [revisionGuardedUpsert(OPPORTUNITY_VIEWS, event.data.opportunityId, update, recorded)];
  },
});
