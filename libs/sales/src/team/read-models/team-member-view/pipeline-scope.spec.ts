import { type Actor, positionOf } from '@ledger/event-sourcing';
import { SqliteReadStore } from '@ledger/read-store';
import { assertMayReadRecordOf, pipelineOwners } from './pipeline-scope';
import { TEAM_MEMBERS } from './team-member-view.document';

const DUSTIN: Actor = { userId: 'dustin', role: 'manager' };
const MELVIN: Actor = { userId: 'melvin', role: 'manager' };
/** A manager without reports yet. */
const NORA: Actor = { userId: 'nora', role: 'manager' };
const ANNA: Actor = { userId: 'anna', role: 'rep' };

/** dustin manages anna and cecily; melvin manages jonathan; nora nobody. */
describe('assertMayReadRecordOf: who reads one record', () => {
  let views: SqliteReadStore;
  const codeOf = async (actor: Actor, holderId: string | null): Promise<string | null> =>
    assertMayReadRecordOf(views, actor, holderId).then(
      () => null,
      (error: { code: string }) => error.code,
    );

  beforeAll(async () => {
    views = new SqliteReadStore(':memory:');
    const member = (id: string, managerId: string | null) => ({ op: 'upsert' as const, collection: TEAM_MEMBERS, id, update: { $set: { managerId, status: 'active' } } });
    await views.commit('team-members', [member('dustin', null), member('melvin', null), member('nora', null), member('anna', 'dustin'), member('cecily', 'dustin'), member('jonathan', 'melvin')], positionOf(1));
  });
  afterAll(() => views.close());

  it('lets a rep read their own record', async () => {
    expect(await codeOf(ANNA, 'anna')).toBeNull();
  });

  it("refuses a rep another rep's record (not-your-record)", async () => {
    expect(await codeOf(ANNA, 'cecily')).toBe('not-your-record');
  });

  it('refuses a rep a record whose holder is not known yet', async () => {
    expect(await codeOf(ANNA, null)).toBe('not-your-record');
  });

  it("lets a manager read a record of their team's", async () => {
    expect(await codeOf(DUSTIN, 'cecily')).toBeNull();
  });

  it('lets a manager read their own record', async () => {
    expect(await codeOf(DUSTIN, 'dustin')).toBeNull();
  });

  it("refuses a manager a record of another team's (outside-your-team)", async () => {
    expect(await codeOf(MELVIN, 'anna')).toBe('outside-your-team');
  });

  it('refuses a manager with a team a record whose holder is not known yet', async () => {
    expect(await codeOf(MELVIN, null)).toBe('outside-your-team');
  });

  it('lets a manager without a team yet read any record, as in the pipeline views', async () => {
    expect(await codeOf(NORA, 'anna')).toBeNull();
  });

  it('lets auditors, analysts and admins read any record', async () => {
    const codes = [await codeOf({ userId: 'a', role: 'auditor' }, 'anna'), await codeOf({ userId: 'b', role: 'analyst' }, 'anna'), await codeOf({ userId: 'c', role: 'admin' }, 'anna')];
    expect(codes).toEqual([null, null, null]);
  });
});

describe('pipelineOwners: a rep sees their own pipeline', () => {
  let views: SqliteReadStore;
  beforeAll(() => {
    views = new SqliteReadStore(':memory:');
  });
  afterAll(() => views.close());

  it("filters a rep's lists on themselves", async () => {
    expect(await pipelineOwners(views, ANNA, undefined)).toEqual(['anna']);
  });

  it('refuses a rep naming another owner (not-your-record)', async () => {
    await expect(pipelineOwners(views, ANNA, 'cecily')).rejects.toMatchObject({ code: 'not-your-record' });
  });
});
