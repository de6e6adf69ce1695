import type { ReadStore } from '@ledger/read-store';

/** The timeline's documents: buckets of a stream's entries (`TimelineBucket`). */
export const TIMELINE_STREAMS = 'timeline_streams';

/**
 * At most this many entries per document. An entry is about 0.5 KB (a few KB at most, with
 * reasons and outcomes of 1,000 characters), so a bucket stays near 50 KB and far below MongoDB's
 * 16 MB limit whatever it holds, and an append rewrites at most that much; a record's stream
 * rarely shows more than a few dozen events, so nearly every timeline stream is still one document.
 */
export const TIMELINE_BUCKET_SIZE = 100;

/**
 * The bucket of an event, from its stream revision alone (revisions are 0, 1, 2, …): a replayed
 * event lands where it landed the first time, whose revision guard then refuses it. Only shown
 * events are pushed, so a bucket may hold fewer entries than `TIMELINE_BUCKET_SIZE`, and a bucket
 * whose events show nothing has no document.
 */
export const timelineBucketOf = (revision: number): number => Math.floor(revision / TIMELINE_BUCKET_SIZE);

export const timelineBucketId = (streamName: string, bucket: number): string => `${streamName}#${bucket}`;

export type TimelineKind = 'account' | 'contact' | 'opportunity' | 'quote' | 'order' | 'task' | 'activity';

/** One event worth showing on a timeline. */
export type TimelineEntry = {
  readonly eventId: string;
  /** When it happened: an activity's own time, otherwise when the event was recorded. */
  readonly at: string;
  /** `at`, then the log position: a total order, newest first when sorted descending. */
  readonly sortKey: string;
  readonly kind: TimelineKind;
  readonly type: string;
  readonly summary: string;
  readonly actorId: string;
  readonly streamName: string;
  readonly revision: number;
  readonly accountId: string | null;
  readonly opportunityId: string | null;
  readonly quoteId: string | null;
  readonly orderId: string | null;
  readonly taskId: string | null;
  readonly activityId: string | null;
  readonly contactId: string | null;
  /** A few facts of the event (no personal data): stage, amount, due date, outcome. */
  readonly details: Readonly<Record<string, unknown>>;
  /**
   * The record's total, for an event that shows one; its currency null when the event does not name
   * it (a quote's submission): the stream's `currency` then. Written after the summary when read.
   */
  readonly total?: { readonly amountMinor: number; readonly currency: string | null } | null;
};

/**
 * Entries of one stream (`_id` is `<stream>#<bucket>`), in stream order: those of the events whose
 * revisions fall in the bucket (`timelineBucketOf`). A timeline is assembled from the streams of
 * the records that belong to an account or an opportunity, their buckets found through the index
 * on `streamName` and `bucket`: no scan of every entry ever written.
 */
export type TimelineBucket = {
  readonly _id: string;
  readonly _revision: number;
  readonly streamName: string;
  readonly bucket: number;
  readonly entries: readonly TimelineEntry[];
  /** The currency of the stream's record, as an event of this bucket names it (a quote's, an order's). */
  readonly currency?: string;
  readonly updatedAt: string;
};

/** One stream's timeline: every bucket's entries in stream order, and the currency its events last named. */
export type TimelineStream = {
  readonly streamName: string;
  readonly entries: readonly TimelineEntry[];
  readonly currency?: string;
};

/** The index the readers walk: a stream's buckets, in order. */
export const TIMELINE_BUCKET_INDEX = { fields: { streamName: 1, bucket: 1 } } as const;

/** The timelines of some streams (those with any entry), each read from its buckets through `TIMELINE_BUCKET_INDEX`. */
export async function readTimelines(readStore: ReadStore, streamNames: readonly string[]): Promise<TimelineStream[]> {
  const buckets = await readStore.find<TimelineBucket>(TIMELINE_STREAMS, { streamName: { $in: [...streamNames] } }, { sort: TIMELINE_BUCKET_INDEX.fields });
  const streams = new Map<string, { streamName: string; entries: TimelineEntry[]; currency?: string }>();
  for (const bucket of buckets) {
    const stream = streams.get(bucket.streamName) ?? { streamName: bucket.streamName, entries: [] };
    streams.set(bucket.streamName, stream);
    stream.entries.push(...bucket.entries);
    // Buckets come in order, so the last currency named wins, as it did in one document per stream.
    if (bucket.currency !== undefined) stream.currency = bucket.currency;
  }
  return [...streams.values()];
}
