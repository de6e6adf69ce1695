import { type Actor, type CommandContext, SqliteEventStore } from '@ledger/event-sourcing';
import { handleTeamMember } from '../../team';
import type { LogActivity, NextStep } from '../domain';
import { ActivityCommandMessage, ActivityHandler, loadActivity } from './activity.handler';

const ACTIVITY = '0c9e6f1a-0000-4000-8000-00000000000a';
const ANA: Actor = { userId: 'ana', role: 'rep' };
const BEN: Actor = { userId: 'ben', role: 'rep' };
const MAX: Actor = { userId: 'max', role: 'manager' };
const ADMIN: Actor = { userId: 'ada', role: 'admin' };

let sequence = 0;
const as = (actor: Actor): CommandContext => {
  sequence += 1;
  const commandId = `cmd-${sequence}`;
  return { commandId, correlationId: commandId, causationId: commandId, actor, occurredAt: '2027-03-10T12:00:00.000Z' };
};

const nextStep = (assigneeId: string): NextStep => ({ title: 'Send the quote', dueDate: '2027-03-12', assigneeId, priority: 'normal' });

const payload = (step: NextStep | null = null): Omit<LogActivity, 'type' | 'activityId' | 'at' | 'by'> => ({
  kind: 'call',
  direction: 'outbound',
  occurredAt: '2027-03-10T10:00:00Z',
  durationMinutes: 20,
  subject: 'Renewal',
  outcome: null,
  body: null,
  accountId: '1f2e3d4c-0000-4000-8000-00000000000a',
  contactId: null,
  opportunityId: null,
  nextStep: step,
});

describe('who may log and correct an activity', () => {
  let store: SqliteEventStore;
  let activities: InstanceType<typeof ActivityHandler>;

  const logActivity = (step: NextStep | null, actor: Actor) =>
    activities.execute(new ActivityCommandMessage({ type: 'LogActivity', activityId: ACTIVITY, ...payload(step) }, as(actor)));
  const correction = (actor: Actor) =>
    activities.execute(
      new ActivityCommandMessage({ type: 'CorrectActivity', activityId: ACTIVITY, changes: { subject: `Renewal, by ${actor.userId}` }, reason: 'Typo' }, as(actor)),
    );

  beforeEach(async () => {
    store = new SqliteEventStore(':memory:');
    activities = new ActivityHandler(store);
    // A next step's assignee is an active member of the team directory.
    for (const userId of ['ana', 'ben']) {
      await handleTeamMember(store, { type: 'AddTeamMember', userId, name: userId, role: 'rep', managerId: null, regionalOffice: null }, as(ADMIN));
    }
  });
  afterEach(() => store.close());

  it("a rep's next step is their own", async () => {
    await expect(logActivity(nextStep(BEN.userId), ANA)).rejects.toMatchObject({
      code: 'next-step-not-yours',
      kind: 'forbidden',
    });
    expect((await loadActivity(store, ACTIVITY)).status).toBe('initial');
    await expect(logActivity(nextStep(ANA.userId), ANA)).resolves.toMatchObject({
      appended: 1,
    });
  });

  it('a manager gives the next step to anyone', async () => {
    await expect(logActivity(nextStep(ANA.userId), MAX)).resolves.toMatchObject({
      appended: 1,
    });
  });

  it('refuses a next step for someone who is not in the team directory, and logs nothing', async () => {
    await expect(logActivity(nextStep('ghost'), MAX)).rejects.toMatchObject({ code: 'not-in-team-directory', kind: 'rule-violated' });
    expect((await loadActivity(store, ACTIVITY)).status).toBe('initial');
  });

  it('a rep corrects only what they logged; a manager and an admin anything', async () => {
    await logActivity(null, ANA);
    await expect(correction(BEN)).rejects.toMatchObject({ code: 'not-the-logger', kind: 'forbidden' });
    for (const actor of [ANA, MAX, ADMIN]) await expect(correction(actor)).resolves.toMatchObject({ appended: 1 });
    expect(await loadActivity(store, ACTIVITY)).toMatchObject({ subject: 'Renewal, by ada' });
  });

  it('leaves a missing activity to the domain (404, not 403)', async () => {
    await expect(correction(BEN)).rejects.toMatchObject({ code: 'activity-not-found' });
  });
});
