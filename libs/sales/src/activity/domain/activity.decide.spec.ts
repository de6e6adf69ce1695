import { fold } from '@ledger/event-sourcing/kernel';
import { deciderSpec } from '@ledger/event-sourcing/testing';
import type { CorrectActivity, LogActivity } from './activity.commands';
import { activityDecider } from './activity.decide';
import type {
  ActivityCorrected,
  ActivityCorrections,
  ActivityDirection,
  ActivityEvent,
  ActivityKind,
  ActivityLogged,
  NextStep,
  NextStepPriority,
} from './activity.events';

const spec = deciderSpec(activityDecider);

const ACTIVITY = '0c9e6f1a-7d2b-4e3f-8a5c-6b7d8e9f0a1b';
const ACCOUNT = 'acc-3';
const CONTACT = 'con-12';
const OPPORTUNITY = 'opp-7';
const OCCURRED_AT = '2026-03-12T10:00:00.000Z';
const LOGGED_AT = '2026-03-12T10:45:00.000Z';
const AT = '2026-03-13T08:00:00.000Z';
const REP = 'user-rep';
const MANAGER = 'user-manager';

const nextStep: NextStep = {
  title: 'Send the revised quote',
  dueDate: '2026-03-16',
  assigneeId: REP,
  priority: 'high',
};

const logCommand = (overrides: Partial<Omit<LogActivity, 'type'>> = {}): LogActivity => ({
  type: 'LogActivity',
  activityId: ACTIVITY,
  kind: 'call',
  direction: 'outbound',
  occurredAt: OCCURRED_AT,
  durationMinutes: 25,
  subject: 'Renewal terms',
  outcome: 'Wants 10% off',
  body: null,
  accountId: ACCOUNT,
  contactId: CONTACT,
  opportunityId: OPPORTUNITY,
  nextStep: null,
  at: LOGGED_AT,
  by: REP,
  ...overrides,
});

const logged = (overrides: Partial<ActivityLogged['data']> = {}): ActivityLogged => ({
  type: 'ActivityLogged',
  data: {
    activityId: ACTIVITY,
    kind: 'call',
    direction: 'outbound',
    occurredAt: OCCURRED_AT,
    durationMinutes: 25,
    subject: 'Renewal terms',
    outcome: 'Wants 10% off',
    body: null,
    accountId: ACCOUNT,
    contactId: CONTACT,
    opportunityId: OPPORTUNITY,
    nextStep: null,
    loggedAt: LOGGED_AT,
    loggedBy: REP,
    ...overrides,
  },
});

const correctCommand = (changes: ActivityCorrections, reason = 'Typo'): CorrectActivity => ({
  type: 'CorrectActivity',
  activityId: ACTIVITY,
  changes,
  reason,
  at: AT,
  by: MANAGER,
});

const corrected = (changes: ActivityCorrections, reason = 'Typo'): ActivityCorrected => ({
  type: 'ActivityCorrected',
  data: { activityId: ACTIVITY, changes, reason, correctedAt: AT, correctedBy: MANAGER },
});

const stateAfter = (events: readonly ActivityEvent[]) => fold(activityDecider, events);

describe('LogActivity', () => {
  it('logs a call with a next step, trimming the subject and the next step title', () => {
    spec
      .given([])
      .when(logCommand({ subject: '  Renewal terms ', nextStep: { ...nextStep, title: ' Send the revised quote ' } }))
      .then([logged({ nextStep })]);
  });

  it('logs a note against a contact of an account, without direction or duration', () => {
    const facts = {
      kind: 'note',
      direction: null,
      durationMinutes: null,
      outcome: null,
      body: 'Prefers e-mail after 4pm',
      opportunityId: null,
    } as const;
    spec
      .given([])
      .when(logCommand(facts))
      .then([logged(facts)]);
  });

  it.each([
    ['an account', { accountId: ACCOUNT, contactId: null, opportunityId: null }],
    ['an opportunity', { accountId: null, contactId: null, opportunityId: OPPORTUNITY }],
  ])('logs an activity against %s alone', (_against, subjects) => {
    spec
      .given([])
      .when(logCommand(subjects))
      .then([logged(subjects)]);
  });

  it('refuses an activity that is already logged', () => {
    spec.given([logged()]).when(logCommand()).thenFails('activity-already-exists');
  });

  it.each(['sms', 'Call'])('refuses the kind %j', (kind) => {
    spec
      .given([])
      .when(logCommand({ kind: kind as ActivityKind }))
      .thenFails('invalid-activity-kind');
  });

  describe('direction by kind', () => {
    it.each<[ActivityKind, ActivityDirection | null, boolean]>([
      ['call', 'inbound', true],
      ['call', 'outbound', true],
      ['call', null, false],
      ['email', 'inbound', true],
      ['email', 'outbound', true],
      ['email', null, false],
      ['meeting', 'inbound', true],
      ['meeting', 'outbound', true],
      ['meeting', null, true],
      ['note', null, true],
      ['note', 'inbound', false],
      ['note', 'outbound', false],
      ['meeting', 'sideways' as ActivityDirection, false],
    ])('a %s with direction %j is accepted: %p', (kind, direction, accepted) => {
      const when = spec.given([]).when(logCommand({ kind, direction, durationMinutes: null }));
      if (accepted) when.then([logged({ kind, direction, durationMinutes: null })]);
      else when.thenFails('invalid-activity-direction');
    });
  });

  describe('duration by kind', () => {
    it.each<[ActivityKind, number | null, boolean]>([
      ['call', null, true],
      ['call', 0, true],
      ['call', 1440, true],
      ['call', 1441, false],
      ['call', -1, false],
      ['call', 12.5, false],
      ['meeting', 90, true],
      ['email', null, true],
      ['email', 0, false],
      ['note', null, true],
      ['note', 5, false],
    ])('a %s lasting %p minutes is accepted: %p', (kind, durationMinutes, accepted) => {
      const direction = kind === 'note' ? null : 'inbound';
      const when = spec.given([]).when(logCommand({ kind, direction, durationMinutes }));
      if (accepted) when.then([logged({ kind, direction, durationMinutes })]);
      else when.thenFails('invalid-activity-duration');
    });
  });

  it.each([
    ['days before it is logged', '2026-03-01T16:20:00Z'],
    ['five minutes after it is logged (clocks disagree)', '2026-03-12T10:50:00.000Z'],
    ['with an offset and no seconds', '2026-03-12T11:50+01:00'],
  ])('accepts a time %s', (_when, occurredAt) => {
    spec
      .given([])
      .when(logCommand({ occurredAt }))
      .then([logged({ occurredAt })]);
  });

  it.each([
    ['more than five minutes after it is logged', '2026-03-12T10:50:01.000Z'],
    ['without a time zone', '2026-03-12T10:00:00'],
    ['without a time', '2026-03-12'],
    ['on a day that does not exist', '2026-02-30T10:00:00Z'],
    ['at an hour that does not exist', '2026-03-12T24:00:00Z'],
  ])('refuses a time %s', (_when, occurredAt) => {
    spec.given([]).when(logCommand({ occurredAt })).thenFails('invalid-activity-time');
  });

  it.each(['', '   '])('refuses the subject %j', (subject) => {
    spec.given([]).when(logCommand({ subject })).thenFails('activity-subject-required');
  });

  it.each([
    [null, null, null],
    [' ', null, ''],
  ])(
    'refuses an activity against nothing (account %j, contact %j, opportunity %j)',
    (accountId, contactId, opportunityId) => {
      spec.given([]).when(logCommand({ accountId, contactId, opportunityId })).thenFails('activity-needs-subject');
    },
  );

  it('refuses a contact without its account', () => {
    spec
      .given([])
      .when(logCommand({ accountId: null }))
      .thenFails('activity-contact-needs-account');
  });

  it.each<[string, Partial<NextStep>]>([
    ['a blank title', { title: '  ' }],
    ['a blank assignee', { assigneeId: '' }],
    ['a due date not in the calendar', { dueDate: '2026-02-29' }],
    ['an unknown priority', { priority: 'urgent' as NextStepPriority }],
    ['a due date before the activity', { dueDate: '2026-03-11' }],
  ])('refuses a next step with %s', (_what, change) => {
    spec
      .given([])
      .when(logCommand({ nextStep: { ...nextStep, ...change } }))
      .thenFails('invalid-next-step');
  });

  it('accepts a next step due on the day of the activity, as written in its offset', () => {
    const occurredAt = '2026-03-11T23:30:00-05:00';
    const step = { ...nextStep, dueDate: '2026-03-11' };
    spec
      .given([])
      .when(logCommand({ occurredAt, nextStep: step }))
      .then([logged({ occurredAt, nextStep: step })]);
  });

  it('folds to a logged activity holding what was logged', () => {
    expect(stateAfter([logged({ nextStep })])).toEqual({ status: 'logged', ...logged({ nextStep }).data });
  });
});

describe('CorrectActivity', () => {
  it('refuses an activity that does not exist', () => {
    spec
      .given([])
      .when(correctCommand({ subject: 'Renewal' }))
      .thenFails('activity-not-found');
  });

  it('records only the keys that differ, with the subject trimmed', () => {
    spec
      .given([logged()])
      .when(correctCommand({ subject: ' Renewal pricing ', outcome: 'Wants 10% off', body: null, durationMinutes: 25 }))
      .then([corrected({ subject: 'Renewal pricing' })]);
  });

  it('corrects every fact it may', () => {
    const changes = {
      subject: 'Renewal pricing',
      outcome: null,
      body: 'Call notes',
      durationMinutes: null,
      occurredAt: '2026-03-12T09:30:00.000Z',
    };
    spec
      .given([logged()])
      .when(correctCommand(changes, 'Entered from memory'))
      .then([corrected(changes, 'Entered from memory')]);
  });

  it('changes nothing when every value is the same, the time written another way included', () => {
    spec
      .given([logged()])
      .when(correctCommand({ subject: 'Renewal terms ', durationMinutes: 25, occurredAt: '2026-03-12T11:00:00+01:00' }))
      .then([]);
  });

  it('changes nothing when nothing is given', () => {
    spec.given([logged()]).when(correctCommand({})).then([]);
  });

  it.each(['', '  '])('refuses the reason %j', (reason) => {
    spec
      .given([logged()])
      .when(correctCommand({ body: 'Call notes' }, reason))
      .thenFails('activity-correction-reason-required');
  });

  it('refuses a blank subject', () => {
    spec
      .given([logged()])
      .when(correctCommand({ subject: ' ' }))
      .thenFails('activity-subject-required');
  });

  it.each<[ActivityKind, number]>([
    ['email', 10],
    ['call', 1441],
  ])('refuses a %s lasting %p minutes', (kind, durationMinutes) => {
    spec
      .given([logged({ kind, durationMinutes: null })])
      .when(correctCommand({ durationMinutes }))
      .thenFails('invalid-activity-duration');
  });

  it.each([
    ['more than five minutes after the correction', '2026-03-13T08:05:01.000Z'],
    ['that is not an instant', '2026-03-12 10:00'],
  ])('refuses a time %s', (_when, occurredAt) => {
    spec.given([logged()]).when(correctCommand({ occurredAt })).thenFails('invalid-activity-time');
  });

  it('refuses a time that would leave the next step due before the activity', () => {
    spec
      .given([logged({ nextStep: { ...nextStep, dueDate: '2026-03-12' } })])
      .when(correctCommand({ occurredAt: '2026-03-13T07:00:00.000Z' }))
      .thenFails('invalid-next-step');
  });

  it('folds: corrections apply in order and leave the other facts alone', () => {
    const state = stateAfter([
      logged(),
      corrected({ subject: 'Renewal pricing', durationMinutes: 40 }),
      corrected({ subject: 'Renewal pricing and terms', outcome: null }),
    ]);
    expect(state).toEqual({
      status: 'logged',
      ...logged({ subject: 'Renewal pricing and terms', durationMinutes: 40, outcome: null }).data,
    });
  });
});

describe('evolve tolerates events that do not fit', () => {
  it('ignores a correction of an activity that was never logged', () => {
    expect(stateAfter([corrected({ subject: 'Renewal' })])).toEqual({ status: 'initial' });
  });

  it('ignores a second logging', () => {
    expect(stateAfter([logged(), logged({ subject: 'Something else', kind: 'email' })])).toEqual(
      stateAfter([logged()]),
    );
  });
});
