import type { ActivityCorrections, ActivityDirection, ActivityKind, NextStep } from './activity.events';

/**
 * Every command names its activity (the stream is `activity-<activityId>`) and says when (`at`,
 * ISO-8601 instant) and by whom (`by`, user id).
 */
type CommandBase<Type extends string> = {
  readonly type: Type;
  readonly activityId: string;
  readonly at: string;
  readonly by: string;
};

export type LogActivity = CommandBase<'LogActivity'> & {
  readonly kind: ActivityKind;
  /** Required for calls and e-mails, optional for meetings, null for notes. */
  readonly direction: ActivityDirection | null;
  /** ISO-8601 instant, at most five minutes after `at`: activities are logged after the fact. */
  readonly occurredAt: string;
  /** Whole minutes, 0 to 1440, for calls and meetings; null for e-mails and notes. */
  readonly durationMinutes: number | null;
  readonly subject: string;
  readonly outcome: string | null;
  readonly body: string | null;
  /** At least one of accountId, contactId and opportunityId; a contact comes with its account. */
  readonly accountId: string | null;
  readonly contactId: string | null;
  readonly opportunityId: string | null;
  readonly nextStep: NextStep | null;
};

/** Changes what was logged, under the same rules; the keys that already hold the given value are dropped. */
export type CorrectActivity = CommandBase<'CorrectActivity'> & {
  readonly changes: ActivityCorrections;
  readonly reason: string;
};

export type ActivityCommand = LogActivity | CorrectActivity;
