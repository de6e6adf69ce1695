import { exhaustive } from '@ledger/event-sourcing';
import { projectionOf, revisionGuardedUpsert, type UpdateSpec } from '@ledger/read-store';
import { activityEvents, type ActivityEvent } from '../../domain';
import { ACTIVITY_VIEWS } from './activity-view.document';

/**
 * The log keeps the time as it was written, in any offset; the view keeps it in UTC
 * (YYYY-MM-DDTHH:mm:ss.sssZ), so that sorting and paging on the text follow time itself.
 */
const inUtc = (instant: string): string => new Date(instant).toISOString();

function changesFor(event: ActivityEvent): UpdateSpec {
  switch (event.type) {
    case 'ActivityLogged': {
      const d = event.data;
      return {
        $set: {
          kind: d.kind,
          direction: d.direction,
          occurredAt: inUtc(d.occurredAt),
          durationMinutes: d.durationMinutes,
          subject: d.subject,
          outcome: d.outcome,
          body: d.body,
          accountId: d.accountId,
          contactId: d.contactId,
          opportunityId: d.opportunityId,
          nextStep: d.nextStep,
          loggedAt: d.loggedAt,
          loggedBy: d.loggedBy,
          corrections: 0,
        },
      };
    }
    case 'ActivityCorrected': {
      const { subject, outcome, body, durationMinutes, occurredAt } = event.data.changes;
      return {
        $set: {
          ...(subject !== undefined ? { subject } : {}),
          ...(outcome !== undefined ? { outcome } : {}),
          ...(body !== undefined ? { body } : {}),
          ...(durationMinutes !== undefined ? { durationMinutes } : {}),
          ...(occurredAt !== undefined ? { occurredAt: inUtc(occurredAt) } : {}),
        },
        // Safe: the revision guard applies the write at most once per event.
        $inc: { corrections: 1 },
      };
    }
    default:
      return exhaustive(event);
  }
}

/** Every write is guarded by the stream revision, so replaying an event changes nothing. */
export const activityViewProjection = projectionOf({
  name: 'activity-views',
  collections: [ACTIVITY_VIEWS],
  indexes: {
    [ACTIVITY_VIEWS]: [
      // The list's filters, each then its order (newest first, `_id` for keyset paging).
      { fields: { accountId: 1, occurredAt: -1, _id: -1 } },
      { fields: { opportunityId: 1, occurredAt: -1, _id: -1 } },
      { fields: { contactId: 1, occurredAt: -1, _id: -1 } },
      { fields: { loggedBy: 1, occurredAt: -1, _id: -1 } },
      { fields: { kind: 1, occurredAt: -1, _id: -1 } },
      { fields: { occurredAt: -1, _id: -1 } },
    ],
  },
  events: activityEvents,
  project: (event, recorded) => {
    const update = changesFor(event);
    return [revisionGuardedUpsert(ACTIVITY_VIEWS, event.data.activityId, update, recorded)];
  },
});
