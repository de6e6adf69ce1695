import { type Event, eventCodec } from '@ledger/event-sourcing/kernel';

export const ACTIVITY_KINDS = ['call', 'email', 'meeting', 'note'] as const;

export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

export const ACTIVITY_DIRECTIONS = ['inbound', 'outbound'] as const;

/** Who reached out: the customer (inbound) or us (outbound). */
export type ActivityDirection = (typeof ACTIVITY_DIRECTIONS)[number];

/** The same scale as a task's priority, spelled out here so that this domain does not depend on the task's. */
export const NEXT_STEP_PRIORITIES = ['low', 'normal', 'high'] as const;

export type NextStepPriority = (typeof NEXT_STEP_PRIORITIES)[number];

/** What was agreed to do next; the application may turn it into a task. */
export type NextStep = {
  readonly title: string;
  /** YYYY-MM-DD, not before the calendar date of the activity. */
  readonly dueDate: string;
  readonly assigneeId: string;
  readonly priority: NextStepPriority;
};

/** The facts a correction may change; a key that is absent stays as it was. */
export type ActivityCorrections = {
  readonly subject?: string;
  readonly outcome?: string | null;
  readonly body?: string | null;
  readonly durationMinutes?: number | null;
  readonly occurredAt?: string;
};

/** A call, e-mail, meeting or note entered in the communications log, after the fact. */
export type ActivityLogged = Event<
  'ActivityLogged',
  {
    readonly activityId: string;
    readonly kind: ActivityKind;
    /** Required for calls and e-mails, optional for meetings, null for notes. */
    readonly direction: ActivityDirection | null;
    /** ISO-8601 instant; when it happened, as opposed to loggedAt. */
    readonly occurredAt: string;
    /** Whole minutes, 0 to 1440, for calls and meetings only; null when not known. */
    readonly durationMinutes: number | null;
    /** Trimmed. */
    readonly subject: string;
    readonly outcome: string | null;
    readonly body: string | null;
    /** At least one of accountId, contactId and opportunityId; a contact comes with its account. */
    readonly accountId: string | null;
    readonly contactId: string | null;
    readonly opportunityId: string | null;
    readonly nextStep: NextStep | null;
    readonly loggedAt: string;
    readonly loggedBy: string;
  }
>;

/** The log keeps what was first entered; a correction is a new fact with only the keys that changed. */
export type ActivityCorrected = Event<
  'ActivityCorrected',
  {
    readonly activityId: string;
    /** Never empty. */
    readonly changes: ActivityCorrections;
    readonly reason: string;
    readonly correctedAt: string;
    readonly correctedBy: string;
  }
>;

export type ActivityEvent = ActivityLogged | ActivityCorrected;

export type ActivityEventType = ActivityEvent['type'];

/** Every activity event type with its current schema version. */
export const activityEvents = eventCodec<ActivityEvent>({
  ActivityLogged: 1,
  ActivityCorrected: 1,
});
