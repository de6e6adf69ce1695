export const TIMELINE_STREAMS = 'timeline_streams';

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
 * The timeline entries of one stream (`_id` is the stream name), in stream order. A timeline is
 * assembled from the streams of the records that belong to an account or an opportunity, each
 * looked up by id: no scan of every entry ever written.
 */
export type TimelineStream = {
  readonly _id: string;
  readonly _revision: number;
  readonly entries: readonly TimelineEntry[];
  /** The currency of the stream's record, as its first event names it (a quote's, an order's). */
  readonly currency?: string;
  readonly updatedAt: string;
};
