import { type AllEvent, positionOf } from '@ledger/event-sourcing';
import { RecordingLog } from '@ledger/event-sourcing/testing';
import { useProjectionSpec } from '@ledger/read-store/testing';
import { type ActivityCommand, activityDecider, activityEvents, type LogActivity, type NextStep } from '../../domain';
import { toActivityResource } from './activity-resource';
import { ACTIVITY_VIEWS, type ActivityView } from './activity-view.document';
import { activityViewProjection } from './activity-view.projection';

const ID = '0c9e6f1a-0000-4000-8000-00000000000a';
const OTHER_ID = '0c9e6f1a-0000-4000-8000-00000000000b';
const ACCOUNT_ID = '1f2e3d4c-0000-4000-8000-00000000000a';
const CONTACT_ID = '2a4b6c8d-0000-4000-8000-00000000000a';
const OPPORTUNITY_ID = '3b9f1c1e-0000-4000-8000-00000000000a';
const REP = 'ana';
const MANAGER = 'max';
const OCCURRED_AT = '2027-02-01T08:30:00.000Z';

const NEXT_STEP: NextStep = { title: 'Send the revised quote', dueDate: '2027-02-05', assigneeId: REP, priority: 'high' };

/** An activity command without its activity (ID unless given), time and actor, which `run` fills in. */
type Input<C> = C extends unknown ? Omit<C, 'activityId' | 'at' | 'by'> & { readonly activityId?: string } : never;

const logging = (overrides: Partial<Input<LogActivity>> = {}): Input<LogActivity> => ({
  type: 'LogActivity',
  kind: 'call',
  direction: 'outbound',
  occurredAt: OCCURRED_AT,
  durationMinutes: 25,
  subject: 'Renewal terms',
  outcome: 'Wants 10% off',
  body: null,
  accountId: ACCOUNT_ID,
  contactId: CONTACT_ID,
  opportunityId: OPPORTUNITY_ID,
  nextStep: NEXT_STEP,
  ...overrides,
});

const newLog = () =>
  new RecordingLog(activityDecider, activityEvents, (command) => `activity-${command.activityId}`, (userId) => (userId === MANAGER ? 'manager' : 'rep'));

describe('activity-views projection', () => {
  const spec = useProjectionSpec<ActivityView, ActivityCommand, Input<ActivityCommand>>({
    projection: activityViewProjection,
    log: newLog,
    defaults: (command) => ({ activityId: ID, ...command }),
    by: REP,
    start: Date.UTC(2027, 1, 1, 9),
    collection: ACTIVITY_VIEWS,
    id: ID,
  });
  const { run, view, collection } = spec;

  it('ActivityLogged creates the activity with every fact and no corrections', async () => {
    const loggedAt = await run(logging());
    const expected: ActivityView = {
      _id: ID,
      _revision: 0,
      kind: 'call',
      direction: 'outbound',
      occurredAt: OCCURRED_AT,
      durationMinutes: 25,
      subject: 'Renewal terms',
      outcome: 'Wants 10% off',
      body: null,
      accountId: ACCOUNT_ID,
      contactId: CONTACT_ID,
      opportunityId: OPPORTUNITY_ID,
      nextStep: NEXT_STEP,
      loggedAt,
      loggedBy: REP,
      corrections: 0,
      updatedAt: loggedAt,
    };
    expect(await view()).toEqual(expected);
    const { _id, _revision, ...rest } = expected;
    expect(toActivityResource(await view())).toEqual({ id: _id, revision: _revision, ...rest });
  });

  it('keeps the time in UTC, whatever the offset it was written in', async () => {
    await run(logging({ occurredAt: '2027-02-01T03:30-05:00' }));
    expect((await view()).occurredAt).toBe(OCCURRED_AT);
  });

  it('ActivityCorrected changes only the corrected facts and counts the correction', async () => {
    await run(logging());
    const before = await view();
    const correctedAt = await run({ type: 'CorrectActivity', changes: { subject: 'Renewal pricing', outcome: null }, reason: 'Typo' }, MANAGER);
    expect(await view()).toEqual({
      ...before,
      _revision: 1,
      subject: 'Renewal pricing',
      outcome: null,
      corrections: 1,
      updatedAt: correctedAt,
    });

    const againAt = await run(
      {
        type: 'CorrectActivity',
        changes: { body: 'Call notes', durationMinutes: 40, occurredAt: '2027-02-01T09:00:00+01:00' },
        reason: 'Entered from memory',
      },
      REP,
    );
    expect(await view()).toEqual({
      ...before,
      _revision: 2,
      subject: 'Renewal pricing',
      outcome: null,
      body: 'Call notes',
      durationMinutes: 40,
      occurredAt: '2027-02-01T08:00:00.000Z',
      corrections: 2,
      updatedAt: againAt,
    });
  });

  describe('replays', () => {
    const history = async () => {
      await run(logging());
      await run({ type: 'CorrectActivity', changes: { subject: 'Renewal pricing' }, reason: 'Typo' });
      await run({ type: 'CorrectActivity', changes: { durationMinutes: 40 }, reason: 'Longer' }, MANAGER);
      await run({ ...logging({ kind: 'note', direction: null, durationMinutes: null, nextStep: null }), activityId: OTHER_ID });
      await run({ type: 'CorrectActivity', activityId: OTHER_ID, changes: { body: 'Prefers e-mail' }, reason: 'Added' });
    };

    it('replaying the whole history twice changes nothing, the correction count included', async () => {
      await history();
      const once = await collection();
      expect(once.map((activity) => [activity._id, activity.subject, activity.durationMinutes, activity.corrections])).toEqual([
        [ID, 'Renewal pricing', 40, 2],
        [OTHER_ID, 'Renewal terms', null, 1],
      ]);

      await spec.expectRedeliveriesChangeNothing(once, 1, 3);
    });

    it('ignores an event older than the document, or of its revision, and applies the next one', async () => {
      await run(logging());
      await run({ type: 'CorrectActivity', changes: { subject: 'Renewal pricing' }, reason: 'Typo' });
      const before = await view();
      expect(before).toMatchObject({ _revision: 1, corrections: 1 });
      const next = spec.log.all.length + 1;
      const stale = (revision: number, type: string, data: object): AllEvent => ({
        ...spec.log.all[revision],
        id: `stale-${revision}`,
        type,
        data,
        position: positionOf(next + revision),
      });
      const correction = (subject: string) => ({
        activityId: ID,
        changes: { subject },
        reason: 'late',
        correctedAt: '2027-01-01T00:00:00.000Z',
        correctedBy: MANAGER,
      });
      await spec.applier.apply([stale(0, 'ActivityCorrected', correction('Stale 0')), stale(1, 'ActivityCorrected', correction('Stale 1'))]);
      expect(await view()).toEqual(before);

      await run({ type: 'CorrectActivity', changes: { outcome: 'Signed' }, reason: 'Follow-up' });
      expect(await view()).toMatchObject({ _revision: 2, subject: 'Renewal pricing', outcome: 'Signed', corrections: 2 });
    });
  });
});
