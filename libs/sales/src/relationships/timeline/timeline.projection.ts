import type { AllEvent } from '@ledger/event-sourcing';
import { projectionOf, revisionGuardedUpsert } from '@ledger/read-store';
import { type SalesEvent, salesEvents } from '../../events';
import { TIMELINE_BUCKET_INDEX, TIMELINE_STREAMS, type TimelineEntry, timelineBucketId, timelineBucketOf } from './timeline-entry.document';
import { TIMELINE_EVENTS, totalOf } from './timeline-summaries';

const REFS = ['accountId', 'opportunityId', 'quoteId', 'orderId', 'taskId', 'activityId', 'contactId'] as const;

const idOf = (data: Readonly<Record<string, unknown>>, key: string): string | null => (typeof data[key] === 'string' ? (data[key] as string) : null);

/** Positions are up to 20 digits; padded, they sort as strings in log order. */
const sortKeyOf = (at: string, event: AllEvent): string => `${at}#${event.position.commit.toString().padStart(20, '0')}`;

/**
 * Appends each shown event to its stream's bucket of entries (`timelineBucketOf` its revision),
 * guarded by the stream revision, so a replayed event adds nothing and no document grows past
 * `TIMELINE_BUCKET_SIZE` entries. Entries carry every id their event names; the bucket keeps the
 * currency its events name, in which the totals of events that do not name it are read.
 */
export const timelineProjection = projectionOf({
  name: 'timeline',
  collections: [TIMELINE_STREAMS],
  indexes: { [TIMELINE_STREAMS]: [TIMELINE_BUCKET_INDEX] },
  events: salesEvents,
  only: Object.keys(TIMELINE_EVENTS) as SalesEvent['type'][],
  project: (event, recorded) => {
    const describe = TIMELINE_EVENTS[event.type];
    if (!describe) return [];
    const data: Readonly<Record<string, unknown>> = event.data;
    // An activity's time may carry any offset; in UTC, like every recorded time, the strings sort in time order.
    const at = event.type === 'ActivityLogged' ? new Date(event.data.occurredAt).toISOString() : recorded.metadata.occurredAt;
    const entry: TimelineEntry = {
      eventId: recorded.id,
      at,
      sortKey: sortKeyOf(at, recorded),
      kind: describe.kind,
      type: event.type,
      summary: describe.summary(data),
      actorId: recorded.metadata.actor.userId,
      streamName: recorded.streamName,
      revision: recorded.revision,
      ...(Object.fromEntries(REFS.map((key) => [key, idOf(data, key)])) as Record<(typeof REFS)[number], string | null>),
      details: describe.details?.(data) ?? {},
      ...(describe.showsTotal ? { total: totalOf(data) } : {}),
    };
    const bucket = timelineBucketOf(recorded.revision);
    const currency = typeof data.currency === 'string' ? { currency: data.currency } : {};
    const update = { $push: { entries: entry }, $set: { streamName: recorded.streamName, bucket, ...currency } };
    return [revisionGuardedUpsert(TIMELINE_STREAMS, timelineBucketId(recorded.streamName, bucket), update, recorded)];
  },
});
