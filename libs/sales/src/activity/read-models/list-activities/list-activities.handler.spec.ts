import type { WithoutTimeAndActor } from '@ledger/event-sourcing';
import { RecordingLog } from '@ledger/event-sourcing/testing';
import { ProjectionApplier, SqliteReadStore } from '@ledger/read-store';
import { type ActivityCommand, activityDecider, activityEvents, type LogActivity } from '../../domain';
import { GetActivityHandler } from '../activity-details/get-activity.handler';
import { GetActivityQuery } from '../activity-details/get-activity.query';
import { activityViewProjection } from '../activity-view/activity-view.projection';
import { ListActivitiesHandler } from './list-activities.handler';
import { type ActivityListFilter, ListActivitiesQuery } from './list-activities.query';

const ACCOUNT_ID = '1f2e3d4c-0000-4000-8000-00000000000a';
const OTHER_ACCOUNT_ID = '1f2e3d4c-0000-4000-8000-00000000000b';
const CONTACT_ID = '2a4b6c8d-0000-4000-8000-00000000000a';
const OPPORTUNITY_ID = '3b9f1c1e-0000-4000-8000-00000000000a';
const AT = '2027-03-10T12:00:00.000Z';

const id = (n: number) => `0c9e6f1a-0000-4000-8000-${String(n).padStart(12, '0')}`;

describe('ListActivitiesQuery and GetActivityQuery', () => {
  let views: SqliteReadStore;
  let list: ListActivitiesHandler;

  const subjects = async (filter: Partial<ActivityListFilter>) =>
    (await list.execute(new ListActivitiesQuery({ limit: 50, ...filter }))).items.map((activity) => activity.subject);

  beforeEach(async () => {
    views = new SqliteReadStore(':memory:');
    list = new ListActivitiesHandler(views);
    const log = new RecordingLog(activityDecider, activityEvents, (command) => `activity-${command.activityId}`, () => 'rep');
    const record = (command: WithoutTimeAndActor<ActivityCommand>, by = 'ana') => log.record({ ...command, at: AT, by } as ActivityCommand);
    const logActivity = (n: number, occurredAt: string, overrides: Partial<LogActivity> = {}, by = 'ana') =>
      record({
        type: 'LogActivity',
        activityId: id(n),
        kind: 'note',
        direction: null,
        occurredAt,
        durationMinutes: null,
        subject: `activity ${n}`,
        outcome: null,
        body: null,
        accountId: ACCOUNT_ID,
        contactId: null,
        opportunityId: null,
        nextStep: null,
        ...overrides,
      }, by);
    // In time order: 2, 1, 4, 3 (activity 4 is written in another offset, and earlier than it reads).
    logActivity(1, '2027-03-08T10:00:00Z', { kind: 'call', direction: 'inbound', contactId: CONTACT_ID });
    logActivity(2, '2027-03-09T09:00:00Z', { opportunityId: OPPORTUNITY_ID });
    logActivity(3, '2027-03-01T10:00:00Z', { accountId: OTHER_ACCOUNT_ID });
    logActivity(4, '2027-03-08T11:00:00+05:00', { kind: 'call', direction: 'outbound' }, 'ben');
    // A correction moves activity 3 to the latest of all.
    record({ type: 'CorrectActivity', activityId: id(3), changes: { occurredAt: '2027-03-10T08:00:00Z' }, reason: 'Wrong day' });
    await new ProjectionApplier(views, activityViewProjection).apply(log.all);
  });
  afterEach(() => views.close());

  it('lists the latest activities first, by when they happened in UTC, corrections applied', async () => {
    expect(await subjects({})).toEqual(['activity 3', 'activity 2', 'activity 1', 'activity 4']);
  });

  it('filters by account, contact, opportunity and kind', async () => {
    expect(await subjects({ accountId: ACCOUNT_ID })).toEqual(['activity 2', 'activity 1', 'activity 4']);
    expect(await subjects({ contactId: CONTACT_ID })).toEqual(['activity 1']);
    expect(await subjects({ opportunityId: OPPORTUNITY_ID })).toEqual(['activity 2']);
    expect(await subjects({ kind: 'call' })).toEqual(['activity 1', 'activity 4']);
    expect(await subjects({ kind: 'call', accountId: OTHER_ACCOUNT_ID })).toEqual([]);
  });

  it('lists only what the given people logged', async () => {
    expect(await subjects({ loggedByIds: ['ben'] })).toEqual(['activity 4']);
    expect(await subjects({ loggedByIds: ['ana', 'cara'], kind: 'call' })).toEqual(['activity 1']);
  });

  it('pages without skipping or repeating', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await list.execute(new ListActivitiesQuery({ limit: 1, cursor }));
      seen.push(...page.items.map((activity) => activity.subject));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(['activity 3', 'activity 2', 'activity 1', 'activity 4']);
  });

  it('gets one activity as a resource, or null', async () => {
    const get = new GetActivityHandler(views);
    expect(await get.execute(new GetActivityQuery(id(3)))).toMatchObject({ id: id(3), revision: 1, corrections: 1 });
    expect(await get.execute(new GetActivityQuery(id(99)))).toBeNull();
  });
});
