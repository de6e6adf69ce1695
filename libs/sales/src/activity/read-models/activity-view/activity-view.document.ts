import type { ActivityDirection, ActivityKind, NextStep } from '../../domain';

export const ACTIVITY_VIEWS = 'activity_views';

/** One document per logged activity, with its corrections applied. */
export type ActivityView = {
  readonly _id: string;
  readonly _revision: number;
  readonly kind: ActivityKind;
  readonly direction: ActivityDirection | null;
  readonly occurredAt: string;
  readonly durationMinutes: number | null;
  readonly subject: string;
  readonly outcome: string | null;
  readonly body: string | null;
  readonly accountId: string | null;
  readonly contactId: string | null;
  readonly opportunityId: string | null;
  readonly nextStep: NextStep | null;
  readonly loggedAt: string;
  readonly loggedBy: string;
  readonly corrections: number;
  readonly updatedAt: string;
};
