export const TIMELINE_ENTRIES = 'timeline_entries';

export type TimelineKind = 'account' | 'contact' | 'opportunity' | 'quote' | 'order' | 'task' | 'activity';

/** One document per event worth showing on a timeline; `_id` is the event id. */
export type TimelineEntry = {
  readonly _id: string;
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
};
