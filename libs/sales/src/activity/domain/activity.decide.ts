import { calendarDate, type Decider, exhaustive, isCalendarDate } from '@ledger/event-sourcing/kernel';
import type { ActivityCommand, CorrectActivity, LogActivity } from './activity.commands';
import {
  ActivityAlreadyExistsError,
  ActivityContactNeedsAccountError,
  ActivityCorrectionReasonRequiredError,
  ActivityNeedsSubjectError,
  ActivityNotFoundError,
  ActivitySubjectRequiredError,
  InvalidActivityDirectionError,
  InvalidActivityDurationError,
  InvalidActivityKindError,
  InvalidActivityNextStepError,
  InvalidActivityTimeError,
} from './activity.errors';
import {
  ACTIVITY_DIRECTIONS,
  ACTIVITY_KINDS,
  type ActivityCorrections,
  type ActivityDirection,
  type ActivityEvent,
  type ActivityKind,
  NEXT_STEP_PRIORITIES,
  type NextStep,
} from './activity.events';
import { type ActivityState, evolve, initialState, type LoggedActivityState } from './activity.state';

/** How far `occurredAt` may run ahead of `at`, for clocks that disagree a little. */
const CLOCK_SKEW_MS = 5 * 60 * 1000;
const MAX_DURATION_MINUTES = 24 * 60;

/** Date, hours and minutes, optional seconds and fraction, and a zone: Z or an offset. */
const INSTANT = /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/;

const isBlank = (text: string | null): boolean => text === null || text.trim() === '';

const isOneOf = (values: readonly string[], value: string | null): boolean => value !== null && values.includes(value);

/** Milliseconds since the epoch, or null when the text is not an ISO-8601 instant with a zone. */
const instantMillis = (text: string): number | null => {
  const match = INSTANT.exec(text);
  // Date.parse rolls 2026-02-30 over into March; the calendar check refuses it first.
  if (match === null || !isCalendarDate(match[1] ?? '')) return null;
  const millis = Date.parse(text);
  return Number.isNaN(millis) ? null : millis;
};

const checkKind = (kind: string): void => {
  if (!isOneOf(ACTIVITY_KINDS, kind)) throw new InvalidActivityKindError(kind);
};

const checkDirection = (kind: ActivityKind, direction: ActivityDirection | null): void => {
  const allowed =
    direction === null
      ? kind === 'meeting' || kind === 'note'
      : kind !== 'note' && isOneOf(ACTIVITY_DIRECTIONS, direction);
  if (!allowed) throw new InvalidActivityDirectionError(kind, direction);
};

const checkDuration = (kind: ActivityKind, durationMinutes: number | null): void => {
  if (durationMinutes === null) return;
  const allowed =
    (kind === 'call' || kind === 'meeting') &&
    Number.isInteger(durationMinutes) &&
    durationMinutes >= 0 &&
    durationMinutes <= MAX_DURATION_MINUTES;
  if (!allowed) throw new InvalidActivityDurationError(kind, durationMinutes);
};

const checkOccurredAt = (occurredAt: string, at: string): void => {
  const millis = instantMillis(occurredAt);
  if (millis === null) throw new InvalidActivityTimeError(occurredAt, 'is not an ISO-8601 instant with a time zone');
  if (millis - Date.parse(at) > CLOCK_SKEW_MS) {
    throw new InvalidActivityTimeError(occurredAt, `is in the future (it is ${at}); log activities after the fact`);
  }
};

const checkSubject = (subject: string): void => {
  if (isBlank(subject)) throw new ActivitySubjectRequiredError();
};

const checkNextStep = (nextStep: NextStep | null, occurredAt: string): void => {
  if (nextStep === null) return;
  if (isBlank(nextStep.title)) throw new InvalidActivityNextStepError('the title is blank');
  if (isBlank(nextStep.assigneeId)) throw new InvalidActivityNextStepError('the assignee is blank');
  if (!isCalendarDate(nextStep.dueDate)) {
    throw new InvalidActivityNextStepError(`the due date ${nextStep.dueDate} is not a calendar date (YYYY-MM-DD)`);
  }
  if (!isOneOf(NEXT_STEP_PRIORITIES, nextStep.priority)) {
    throw new InvalidActivityNextStepError(`the priority must be low, normal or high; got ${nextStep.priority}`);
  }
  // YYYY-MM-DD strings compare in calendar order.
  if (nextStep.dueDate < calendarDate(occurredAt)) {
    throw new InvalidActivityNextStepError(
      `the due date ${nextStep.dueDate} is before the activity's date ${calendarDate(occurredAt)}`,
    );
  }
};

const requireLogged = (command: ActivityCommand, state: ActivityState): LoggedActivityState => {
  if (state.status === 'initial') throw new ActivityNotFoundError(command.activityId);
  return state;
};

const log = (command: LogActivity, state: ActivityState): ActivityEvent[] => {
  if (state.status !== 'initial') throw new ActivityAlreadyExistsError(command.activityId);
  const { kind, direction, occurredAt, durationMinutes, accountId, contactId, opportunityId, nextStep } = command;
  checkKind(kind);
  checkDirection(kind, direction);
  checkDuration(kind, durationMinutes);
  checkOccurredAt(occurredAt, command.at);
  checkSubject(command.subject);
  if (isBlank(accountId) && isBlank(contactId) && isBlank(opportunityId)) throw new ActivityNeedsSubjectError();
  if (!isBlank(contactId) && isBlank(accountId)) throw new ActivityContactNeedsAccountError();
  checkNextStep(nextStep, occurredAt);
  return [
    {
      type: 'ActivityLogged',
      data: {
        activityId: command.activityId,
        kind,
        direction,
        occurredAt,
        durationMinutes,
        subject: command.subject.trim(),
        outcome: command.outcome,
        body: command.body,
        accountId,
        contactId,
        opportunityId,
        // Copied, so that the event holds exactly a NextStep and nothing a caller slipped in.
        nextStep:
          nextStep === null
            ? null
            : {
                title: nextStep.title.trim(),
                dueDate: nextStep.dueDate,
                assigneeId: nextStep.assigneeId,
                priority: nextStep.priority,
              },
        loggedAt: command.at,
        loggedBy: command.by,
      },
    },
  ];
};

const correct = (command: CorrectActivity, state: ActivityState): ActivityEvent[] => {
  const current = requireLogged(command, state);
  const { subject, outcome, body, durationMinutes, occurredAt } = command.changes;
  if (durationMinutes !== undefined) checkDuration(current.kind, durationMinutes);
  if (occurredAt !== undefined) checkOccurredAt(occurredAt, command.at);
  if (subject !== undefined) checkSubject(subject);
  // A later date must not leave the next step due before the activity.
  if (occurredAt !== undefined) checkNextStep(current.nextStep, occurredAt);

  const trimmedSubject = subject?.trim();
  const changes: ActivityCorrections = {
    ...(trimmedSubject !== undefined && trimmedSubject !== current.subject ? { subject: trimmedSubject } : {}),
    ...(outcome !== undefined && outcome !== current.outcome ? { outcome } : {}),
    ...(body !== undefined && body !== current.body ? { body } : {}),
    ...(durationMinutes !== undefined && durationMinutes !== current.durationMinutes ? { durationMinutes } : {}),
    // The same instant written another way ('…Z' or '+00:00', with or without milliseconds) is no change.
    ...(occurredAt !== undefined && instantMillis(occurredAt) !== instantMillis(current.occurredAt)
      ? { occurredAt }
      : {}),
  };
  if (Object.keys(changes).length === 0) return [];
  if (isBlank(command.reason)) throw new ActivityCorrectionReasonRequiredError();
  return [
    {
      type: 'ActivityCorrected',
      data: {
        activityId: current.activityId,
        changes,
        reason: command.reason,
        correctedAt: command.at,
        correctedBy: command.by,
      },
    },
  ];
};

export const decide = (command: ActivityCommand, state: ActivityState): ActivityEvent[] => {
  switch (command.type) {
    case 'LogActivity':
      return log(command, state);
    case 'CorrectActivity':
      return correct(command, state);
    default:
      return exhaustive(command);
  }
};

export const activityDecider: Decider<ActivityCommand, ActivityState, ActivityEvent> = {
  initialState,
  decide,
  evolve,
  version: 1,
};
