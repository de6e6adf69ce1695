import type { AllEvent } from '@ledger/event-sourcing';
import { type Projection, type ReadModelWrite, revisionGuardedUpsert } from '@ledger/read-store';
import { TIMELINE_STREAMS, type TimelineEntry } from './timeline-entry.document';
import { TIMELINE_EVENTS } from './timeline-summaries';

const REFS = ['accountId', 'opportunityId', 'quoteId', 'orderId', 'taskId', 'activityId', 'contactId'] as const;

const idOf = (data: Record<string, unknown>, key: string): string | null => (typeof data[key] === 'string' ? (data[key] as string) : null);

/** Positions are up to 20 digits; padded, they sort as strings in log order. */
const sortKeyOf = (at: string, event: AllEvent): string => `${at}#${event.position.commit.toString().padStart(20, '0')}`;

/**
 * Appends each shown event to its stream's timeline document, guarded by the stream revision, so
 * a replayed event adds nothing. Entries carry every id their event names.
 */
export const timelineProjection: Projection = {
  name: 'timeline',
  collections: [TIMELINE_STREAMS],
  handles: new Set(Object.keys(TIMELINE_EVENTS)),
  project: (event: AllEvent): readonly ReadModelWrite[] => {
    const describe = TIMELINE_EVENTS[event.type];
    if (!describe) return [];
    const data = event.data as Record<string, unknown>;
    // An activity's time may carry any offset; in UTC, like every recorded time, the strings sort in time order.
    const at = event.type === 'ActivityLogged' && typeof data.occurredAt === 'string' ? new Date(data.occurredAt).toISOString() : event.metadata.occurredAt;
    const entry: TimelineEntry = {
      eventId: event.id,
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
    return [revisionGuardedUpsert(TIMELINE_STREAMS, event.streamName, { $push: { entries: entry } }, event)];
  },
};
