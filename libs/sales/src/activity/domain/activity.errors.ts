import { DomainError } from '@ledger/event-sourcing/kernel';

// Every class name carries "Activity" so that the domains can be re-exported side by side.

export class ActivityNotFoundError extends DomainError {
  constructor(activityId: string) {
    super('activity-not-found', 'not-found', `Activity ${activityId} does not exist.`);
  }
}

export class ActivityAlreadyExistsError extends DomainError {
  constructor(activityId: string) {
    super('activity-already-exists', 'already-exists', `Activity ${activityId} is already logged.`);
  }
}

export class InvalidActivityKindError extends DomainError {
  constructor(kind: string) {
    super('invalid-activity-kind', 'rule-violated', `An activity is a call, email, meeting or note; got ${kind}.`);
  }
}

export class InvalidActivityDirectionError extends DomainError {
  constructor(kind: string, direction: string | null) {
    super(
      'invalid-activity-direction',
      'rule-violated',
      `Calls and e-mails are inbound or outbound, meetings may be either or neither, notes have no direction; ` +
        `got ${direction ?? 'none'} for a ${kind}.`,
    );
  }
}

export class InvalidActivityDurationError extends DomainError {
  constructor(kind: string, durationMinutes: number) {
    super(
      'invalid-activity-duration',
      'rule-violated',
      `Only calls and meetings have a duration, a whole number of minutes from 0 to 1440; ` +
        `got ${durationMinutes} for a ${kind}.`,
    );
  }
}

export class InvalidActivityTimeError extends DomainError {
  constructor(occurredAt: string, detail: string) {
    super('invalid-activity-time', 'rule-violated', `The activity time ${occurredAt} ${detail}.`);
  }
}

export class ActivitySubjectRequiredError extends DomainError {
  constructor() {
    super('activity-subject-required', 'rule-violated', 'An activity needs a subject that is not blank.');
  }
}

export class ActivityNeedsSubjectError extends DomainError {
  constructor() {
    super(
      'activity-needs-subject',
      'rule-violated',
      'An activity is logged against an account, a contact or an opportunity; give at least one.',
    );
  }
}

export class ActivityContactNeedsAccountError extends DomainError {
  constructor() {
    super('activity-contact-needs-account', 'rule-violated', 'An activity with a contact also names its account.');
  }
}

export class InvalidActivityNextStepError extends DomainError {
  constructor(detail: string) {
    super('invalid-next-step', 'rule-violated', `The next step is not valid: ${detail}.`);
  }
}

export class ActivityCorrectionReasonRequiredError extends DomainError {
  constructor() {
    super('activity-correction-reason-required', 'rule-violated', 'A reason is required to correct an activity.');
  }
}
