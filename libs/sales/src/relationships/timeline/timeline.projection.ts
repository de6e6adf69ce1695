import type { AllEvent } from '@ledger/event-sourcing';
import type { Projection, ReadModelWrite } from '@ledger/read-store';
import { TIMELINE_ENTRIES, type TimelineEntry } from './timeline-entry.document';
import { TIMELINE_EVENTS } from './timeline-summaries';

const REFS = ['accountId', 'opportunityId', 'quoteId', 'orderId', 'taskId', 'activityId', 'contactId'] as const;

const idOf = (data: Record<string, unknown>, key: string): string | null => (typeof data[key] === 'string' ? (data[key] as string) : null);

/** Positions are up to 20 digits; padded, they sort as strings in log order. */
const sortKeyOf = (at: string, event: AllEvent): string => `${at}#${event.position.commit.toString().padStart(20, '0')}`;

/**
 * One entry per event, keyed by the event id: replaying an event writes the same document again,
 * so no guard is needed. Entries carry every id the event names; a timeline query collects them
 * through the records that belong to an account or an opportunity, merges included.
 */
export const timelineProjection: Projection = {
  name: 'timeline',
  collections: [TIMELINE_ENTRIES],
  indexes: {
    [TIMELINE_ENTRIES]: [
      { fields: { opportunityId: 1, sortKey: -1 } },
      { fields: { accountId: 1, sortKey: -1 } },
      { fields: { quoteId: 1 } },
      { fields: { orderId: 1 } },
      { fields: { taskId: 1 } },
      { fields: { activityId: 1 } },
    ],
  },
  handles: new Set(Object.keys(TIMELINE_EVENTS)),
  project: (event: AllEvent): readonly ReadModelWrite[] => {
    const describe = TIMELINE_EVENTS[event.type];
    if (!describe) return [];
    const data = event.data as Record<string, unknown>;
    const at = event.type === 'ActivityLogged' && typeof data.occurredAt === 'string' ? data.occurredAt : event.metadata.occurredAt;
    const entry: Omit<TimelineEntry, '_id'> = {
      at,
      sortKey: sortKeyOf(at, event),
      kind: describe.kind,
      type: event.type,
      summary: describe.summary(data),
      actorId: event.metadata.actor.userId,
      streamName: event.streamName,
      revision: event.revision,
      ...(Object.fromEntries(REFS.map((key) => [key, idOf(data, key)])) as Record<(typeof REFS)[number], string | null>),
      details: describe.details?.(data) ?? {},
    };
    return [{ op: 'upsert', collection: TIMELINE_ENTRIES, id: event.id, update: { $set: entry } }];
  },
};
