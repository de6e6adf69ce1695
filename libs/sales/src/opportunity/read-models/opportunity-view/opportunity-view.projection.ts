import { type AllEvent, combinedCodec, exhaustive } from '@ledger/event-sourcing';
import { type CopyFrom, projectionOf, type ReadModelWrite, revisionGuardedUpsert, type UpdateSpec } from '@ledger/read-store';
import { type AccountEvent, accountEvents, searchWords } from '../../../account';
import { type TeamMemberEvent, teamMemberEvents } from '../../../team';
import { opportunityEvents, type OpportunityEvent } from '../../domain';
import { FORECAST_CUBE } from '../forecast/forecast.cube';
import { PIPELINE_CUBE } from '../pipeline/pipeline.cube';
import { OPPORTUNITY_ACCOUNT_NAMES, OPPORTUNITY_OWNER_NAMES, OPPORTUNITY_VIEWS, type StageStep } from './opportunity-view.document';

const month = (date: string): string => date.slice(0, 7);
/** The distinct words of a title or a name, as `?q=` finds them by their beginnings (opportunity-list.mongo-query.ts). */
const wordsOf = (text: string | null): string[] => (text === null ? [] : [...new Set(searchWords(text))]);

function changesFor(event: OpportunityEvent, by: string): UpdateSpec {
  const step = (s: Omit<StageStep, 'by'>): StageStep => ({ ...s, by });
  switch (event.type) {
    case 'OpportunityOpened': {
      const d = event.data;
      return {
        $set: {
          title: d.title,
          titleWords: wordsOf(d.title),
          accountId: d.accountId,
          // With an account id, its current name is copied from the account (see `viewWrite`).
          ...(d.accountId === null ? { accountName: d.accountName, accountWords: wordsOf(d.accountName) } : {}),
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
      if (c.title !== undefined) Object.assign(set, { title: c.title, titleWords: wordsOf(c.title) });
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
      return { $set: { accountId: d.accountId }, $addToSet: { accountIds: d.accountId } };
    }
    default:
      return exhaustive(event);
  }
}

const ACCOUNT = { field: 'accountId', name: 'accountName', words: 'accountWords', revision: 'accountNameRevision', names: OPPORTUNITY_ACCOUNT_NAMES } as const;
const OWNER = { field: 'ownerId', name: 'ownerName', words: null, revision: 'ownerNameRevision', names: OPPORTUNITY_OWNER_NAMES } as const;
type Named = typeof ACCOUNT | typeof OWNER;

const copyName = (named: Named, id: string): CopyFrom => ({
  from: named.names,
  id,
  fields: { [named.name]: 'name', [named.revision]: '_revision', ...(named.words === null ? {} : { [named.words]: 'words' }) },
});

/** The names a change of the opportunity copies: the account's when it names one, the owner's when it names one. */
function copiedNames(event: OpportunityEvent): CopyFrom[] {
  switch (event.type) {
    case 'OpportunityOpened':
      return [...(event.data.accountId === null ? [] : [copyName(ACCOUNT, event.data.accountId)]), copyName(OWNER, event.data.ownerId)];
    case 'OpportunityAccountChanged':
      return [copyName(ACCOUNT, event.data.accountId)];
    case 'OpportunityOwnerReassigned':
      return [copyName(OWNER, event.data.ownerId)];
    default:
      return [];
  }
}

/**
 * An account's or a member's name (from their stream at `recorded.revision`): kept for the views to
 * copy, and set on every view that shows it, unless that view has it from a later event already.
 */
function nameWrites(named: Named, id: string, name: string, recorded: AllEvent): ReadModelWrite[] {
  const revision = recorded.revision;
  const words = named.words === null ? null : wordsOf(name);
  return [
    revisionGuardedUpsert(named.names, id, { $set: { name, ...(words === null ? {} : { words }) } }, recorded),
    {
      op: 'updateMany',
      collection: OPPORTUNITY_VIEWS,
      filter: { [named.field]: id, [named.revision]: { $not: { $gte: revision } } },
      update: { $set: { [named.name]: name, [named.revision]: revision, ...(words === null ? {} : { [named.words!]: words }) } },
    },
  ];
}

/**
 * One view per opportunity, every write guarded by the stream revision, so replaying an event
 * changes nothing. The account's and the owner's names are joined on write: this projection keeps
 * them as the account and team events tell (registered or added, renamed), copies them into a view when it names an account or an
 * owner, and sets them on every view that shows them when they change; each name carries the
 * revision of the stream it comes from, so an older name delivered again changes nothing.
 */
export const opportunityViewProjection = projectionOf({
  name: 'opportunity-views',
  collections: [OPPORTUNITY_VIEWS, OPPORTUNITY_ACCOUNT_NAMES, OPPORTUNITY_OWNER_NAMES],
  indexes: {
    [OPPORTUNITY_VIEWS]: [
      { fields: { status: 1, stage: 1 } },
      { fields: { ownerId: 1 } },
      { fields: { accountId: 1 } },
      { fields: { accountIds: 1 } },
      // The list's other equality filters: a page of a value far along the sort is looked up instead of walked to.
      { fields: { stage: 1 } },
      { fields: { forecastCategory: 1 } },
      { fields: { currency: 1 } },
      // `?q=`: the words of the title and of the account's name (multikey), searched by their beginnings.
      { fields: { titleWords: 1 } },
      { fields: { accountWords: 1 } },
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
  events: combinedCodec<OpportunityEvent | AccountEvent | TeamMemberEvent>(opportunityEvents, accountEvents, teamMemberEvents),
  only: [...opportunityEvents.types, 'AccountRegistered', 'AccountRenamed', 'TeamMemberAdded', 'TeamMemberRenamed'],
  project: (event, recorded): readonly ReadModelWrite[] => {
    if (opportunityEvents.is(event)) {
      const copy = copiedNames(event);
      const write = revisionGuardedUpsert(OPPORTUNITY_VIEWS, event.data.opportunityId, changesFor(event, recorded.metadata.actor.userId), recorded);
      return [copy.length === 0 ? write : { ...write, copy }];
    }
    switch (event.type) {
      case 'AccountRegistered':
      case 'AccountRenamed':
        return nameWrites(ACCOUNT, event.data.accountId, event.data.name, recorded);
      case 'TeamMemberAdded':
      case 'TeamMemberRenamed':
        return nameWrites(OWNER, event.data.userId, event.data.name, recorded);
      default:
        return [];
    }
  },
});
