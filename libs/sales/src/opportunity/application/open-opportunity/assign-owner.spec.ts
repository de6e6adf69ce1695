import {
  type Actor,
  type CommandContext,
  DomainError,
  positionOf,
  type Role,
  SqliteEventStore,
} from '@ledger/event-sourcing';
import { RecordingLog } from '@ledger/event-sourcing/testing';
import { type AppConfig, loadAppConfig } from '@ledger/platform';
import { ProjectionApplier, type ReadModelWrite, SqliteReadStore } from '@ledger/read-store';
import {
  type AssignmentPool,
  rotorStream,
  type TeamMemberCommand,
  teamMemberDecider, teamMemberEvents,
  teamMemberViewProjection,
} from '../../../team';
import { OPPORTUNITY_VIEWS } from '../../read-models/opportunity-view/opportunity-view.document';
import { OwnerAssigner } from './assign-owner';

const AT = '2027-02-01T09:00:00.000Z';
const MAX: Actor = { userId: 'max', role: 'manager' };
/** A manager without reports. */
const NORA: Actor = { userId: 'nora', role: 'manager' };
const CENTRAL: AssignmentPool = { kind: 'region', office: 'Central' };

const config = (rule: 'round-robin' | 'least-loaded'): AppConfig =>
  loadAppConfig({
    ASSIGNMENT_RULE: rule,
    JWT_SECRET: 'a-test-secret-of-at-least-32-characters',
    SEED_TEAM_CSV: '',
    SEED_PRODUCTS_CSV: '',
  });

let sequence = 0;
const context = (actor: Actor = MAX): CommandContext => {
  sequence += 1;
  const commandId = `7d000000-0000-4000-8000-${String(sequence).padStart(12, '0')}`;
  return { commandId, correlationId: commandId, causationId: commandId, actor, occurredAt: AT };
};

/**
 * The directory: max manages anna, boris and carol (active reps), abe (a rep who left) and mia (a
 * manager); nora manages nobody; zed is a rep without a manager. Central holds anna, boris, abe and mia.
 */
async function seedTeam(views: SqliteReadStore): Promise<void> {
  const log = new RecordingLog(
    teamMemberDecider, teamMemberEvents,
    (command: TeamMemberCommand) => `member-${command.userId}`,
    () => 'admin',
  );
  const add = (userId: string, role: Role, managerId: string | null, regionalOffice: string | null) =>
    log.record({ type: 'AddTeamMember', userId, name: userId, role, managerId, regionalOffice, at: AT, by: 'admin' });
  add('max', 'manager', null, 'Central');
  add('nora', 'manager', null, 'West');
  add('carol', 'rep', 'max', 'West');
  add('anna', 'rep', 'max', 'Central');
  add('boris', 'rep', 'max', 'Central');
  add('abe', 'rep', 'max', 'Central');
  add('mia', 'manager', 'max', 'Central');
  add('zed', 'rep', null, 'East');
  log.record({ type: 'DeactivateTeamMember', userId: 'abe', reason: 'Left the company', at: AT, by: 'admin' });
  await new ProjectionApplier(views, teamMemberViewProjection).apply(log.all);
}

describe('OwnerAssigner', () => {
  let store: SqliteEventStore;
  let views: SqliteReadStore;
  let opened: number;

  const assigner = (rule: 'round-robin' | 'least-loaded') => new OwnerAssigner(store, views, config(rule));
  /** Assigns the owner of the next opportunity. */
  const assignTo = async (opportunityId: string, rule: 'round-robin' | 'least-loaded', pool: AssignmentPool | null, asked: CommandContext, currency = 'USD') => {
    const chosen = await assigner(rule).choosePool(pool, asked.actor);
    return assigner(rule).assign(opportunityId, chosen, currency, asked);
  };
  const assign = (rule: 'round-robin' | 'least-loaded', pool: AssignmentPool | null = null, asked = context(), currency = 'USD') => {
    opened += 1;
    return assignTo(`opp-${opened}`, rule, pool, asked, currency);
  };
  const owners = async (times: number, pool: AssignmentPool | null = null, actor: Actor = MAX): Promise<string[]> => {
    const picked: string[] = [];
    for (let i = 0; i < times; i += 1) picked.push((await assign('round-robin', pool, context(actor))).ownerId);
    return picked;
  };

  beforeEach(async () => {
    store = new SqliteEventStore(':memory:');
    views = new SqliteReadStore(':memory:');
    opened = 0;
    await seedTeam(views);
  });
  afterEach(async () => {
    await views.close();
    await store.close();
  });

  describe('round-robin', () => {
    it("hands a manager's opportunities to the active reps of their team in user id order, wrapping around", async () => {
      const first = await assign('round-robin');
      expect(first).toEqual({ ownerId: 'anna', assignment: { rule: 'round-robin', pool: 'team:max', candidates: 3 } });
      expect(await owners(4)).toEqual(['boris', 'carol', 'anna', 'boris']);
      expect(await store.readStream(rotorStream('team:max'))).toHaveLength(5);
    });

    it('falls back to every rep for a manager without reports', async () => {
      const first = await assign('round-robin', null, context(NORA));
      expect(first).toEqual({ ownerId: 'anna', assignment: { rule: 'round-robin', pool: 'all', candidates: 4 } });
    });

    it('picks only the reps of the office asked for', async () => {
      const first = await assign('round-robin', CENTRAL);
      expect(first.assignment).toEqual({ rule: 'round-robin', pool: 'region:Central', candidates: 2 });
      expect([first.ownerId, ...(await owners(3, CENTRAL))]).toEqual(['anna', 'boris', 'anna', 'boris']);
    });

    it('never picks an inactive member or anyone who is not a rep', async () => {
      const picked = await owners(8, { kind: 'all' });
      expect(picked).toEqual(['anna', 'boris', 'carol', 'zed', 'anna', 'boris', 'carol', 'zed']);
      expect(picked.filter((owner) => ['abe', 'max', 'nora', 'mia'].includes(owner))).toEqual([]);
    });

    it('answers the same owner when the same command is retried, taking no second turn', async () => {
      const asked = context();
      const first = await assignTo('opp-retried', 'round-robin', null, asked);
      const again = await assignTo('opp-retried', 'round-robin', null, asked);
      expect(again).toEqual(first);
      expect(first.ownerId).toBe('anna');
      expect(await store.readStream(rotorStream('team:max'))).toHaveLength(1);
      expect(await owners(1)).toEqual(['boris']);
    });

    it('hands out turns asked for at once in order, written together, each exactly once', async () => {
      const asked = Array.from({ length: 7 }, () => context());
      const one = assigner('round-robin');
      const chosen = await one.choosePool(null, MAX);
      const picked = await Promise.all(asked.map((ctx, i) => one.assign(`opp-at-once-${i}`, chosen, 'USD', ctx)));
      expect(picked.map((assigned) => assigned.ownerId)).toEqual(['anna', 'boris', 'carol', 'anna', 'boris', 'carol', 'anna']);
      const rotor = await store.readStream(rotorStream('team:max'));
      expect(rotor.map((event) => (event.data as { opportunityId: string }).opportunityId)).toEqual(asked.map((_, i) => `opp-at-once-${i}`));
      expect(new Set(rotor.map((event) => event.metadata.commandId)).size).toBeLessThan(7);
    });

    it('recognises a retry after other turns were taken, and never writes an event id twice', async () => {
      const asked = context();
      const first = await assignTo('opp-late-retry', 'round-robin', null, asked);
      await owners(2);
      expect(await assignTo('opp-late-retry', 'round-robin', null, asked)).toEqual(first);
      const ids = (await store.readStream(rotorStream('team:max'))).map((event) => event.id);
      expect(ids).toHaveLength(3);
      expect(new Set(ids).size).toBe(3);
    });
  });

  it.each(['round-robin', 'least-loaded'] as const)('%s refuses a pool without candidates', async (rule) => {
    const refused = assign(rule, { kind: 'region', office: 'Nowhere' });
    await expect(refused).rejects.toBeInstanceOf(DomainError);
    await expect(assign(rule, { kind: 'region', office: 'Nowhere' })).rejects.toMatchObject({
      code: 'assignment-no-candidates',
    });
    expect(await store.readAll()).toEqual([]);
  });

  describe('least-loaded', () => {
    /** Opportunity views, as [id, owner, status, amount]. */
    const seedOpportunities = (...rows: [string, string, 'open' | 'won' | 'lost', number | null][]) => {
      const writes: ReadModelWrite[] = rows.map(([id, ownerId, status, amountMinor]) => ({
        op: 'upsert',
        collection: OPPORTUNITY_VIEWS,
        id,
        update: { $set: { ownerId, status, amountMinor, currency: 'USD' } },
      }));
      return views.commit('opportunity-views', writes, positionOf(1));
    };

    it('picks the rep with the smallest open pipeline, counting only open opportunities', async () => {
      await seedOpportunities(
        ['o1', 'anna', 'open', 300],
        ['o2', 'anna', 'open', 200],
        ['o3', 'boris', 'open', 500],
        ['o4', 'carol', 'open', 400],
        ['o5', 'carol', 'open', null],
        ['o6', 'carol', 'won', 1_000_000],
        ['o7', 'carol', 'lost', 1_000_000],
      );
      expect(await assign('least-loaded')).toEqual({
        ownerId: 'carol',
        assignment: { rule: 'least-loaded', pool: 'team:max', candidates: 3 },
      });
      // The rule takes no turn on a rotor.
      expect(await store.readAll()).toEqual([]);
    });

    it("compares pipelines in the new opportunity's currency only, never adding across currencies", async () => {
      await seedOpportunities(['o1', 'anna', 'open', 300], ['o2', 'boris', 'open', 100], ['o3', 'carol', 'open', 200]);
      // In yen nobody has a pipeline: fewest open opportunities, then user id.
      expect((await assign('least-loaded', null, context(), 'JPY')).ownerId).toBe('anna');
      expect((await assign('least-loaded', null, context(), 'USD')).ownerId).toBe('boris');
    });

    it('breaks a tie on pipeline by fewer open opportunities', async () => {
      await seedOpportunities(
        ['o1', 'anna', 'open', 300],
        ['o2', 'anna', 'open', 200],
        ['o3', 'boris', 'open', 500],
        ['o4', 'carol', 'open', 600],
      );
      expect((await assign('least-loaded')).ownerId).toBe('boris');
    });

    it('breaks a full tie by user id', async () => {
      await seedOpportunities(['o1', 'carol', 'open', 100], ['o2', 'boris', 'open', 100], ['o3', 'anna', 'open', 100]);
      expect((await assign('least-loaded')).ownerId).toBe('anna');
      expect((await assign('least-loaded', CENTRAL)).ownerId).toBe('anna');
    });

    it('counts nothing an owner outside the pool carries', async () => {
      await seedOpportunities(['o1', 'anna', 'open', 100], ['o2', 'zed', 'open', 0]);
      expect((await assign('least-loaded')).ownerId).toBe('boris');
    });
  });
});
