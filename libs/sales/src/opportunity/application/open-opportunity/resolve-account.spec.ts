import { type CommandContext, derivedCommandId, type Position, SqliteEventStore } from '@ledger/event-sourcing';
import { ProjectionApplier, type ProjectionRuntime, SqliteReadStore } from '@ledger/read-store';
import {
  type AccountProfile,
  accountStream,
  accountViewProjection,
  handleAccount,
  loadAccount,
} from '../../../account';
import { AccountResolver } from './resolve-account';

const ACME = '9c1d2e3f-0000-4000-8000-00000000000a';
const GLOBEX = '9c1d2e3f-0000-4000-8000-00000000000b';
const INITECH = '9c1d2e3f-0000-4000-8000-00000000000c';
const UNKNOWN = '9c1d2e3f-0000-4000-8000-0000000000ff';

const NO_PROFILE: AccountProfile = {
  sector: null,
  yearEstablished: null,
  annualRevenue: null,
  employees: null,
  officeLocation: null,
  parentAccountId: null,
};

let sequence = 0;
const context = (): CommandContext => {
  sequence += 1;
  const commandId = `7c000000-0000-4000-8000-${String(sequence).padStart(12, '0')}`;
  return {
    commandId,
    correlationId: commandId,
    causationId: commandId,
    actor: { userId: 'max', role: 'manager' },
    occurredAt: '2027-02-01T09:00:00.000Z',
  };
};

describe('AccountResolver', () => {
  let store: SqliteEventStore;
  let views: SqliteReadStore;
  let resolver: AccountResolver;
  /** What the resolver waited for; the fake runtime brings the view up to the log, or times out. */
  let waits: Array<{ position: Position; names: readonly string[] }>;
  let viewCatchesUp: boolean;

  const register = (accountId: string, name: string) =>
    handleAccount(store, { type: 'RegisterAccount', accountId, name, ...NO_PROFILE }, context());
  const merge = (accountId: string, intoAccountId: string) =>
    handleAccount(store, { type: 'MergeAccount', accountId, intoAccountId }, context());
  /** Brings the account views up to the log. */
  const project = async () => new ProjectionApplier(views, accountViewProjection).apply(await store.readAll());
  const eventTypes = async (accountId: string) =>
    (await store.readStream(accountStream(accountId))).map((event) => event.type);

  beforeEach(async () => {
    store = new SqliteEventStore(':memory:');
    views = new SqliteReadStore(':memory:');
    waits = [];
    viewCatchesUp = true;
    const runtime = {
      waitFor: async (position: Position, names: readonly string[]) => {
        waits.push({ position, names });
        if (viewCatchesUp) await project();
        return viewCatchesUp;
      },
    } as unknown as ProjectionRuntime;
    resolver = new AccountResolver(store, views, runtime);
    await register(ACME, 'Acme Corporation');
  });
  afterEach(async () => {
    await views.close();
    await store.close();
  });

  describe('by id', () => {
    it('answers a live account with its name', async () => {
      expect(await resolver.resolve({ kind: 'id', accountId: ACME }, context())).toEqual({
        accountId: ACME,
        accountName: 'Acme Corporation',
      });
    });

    it('follows a merged account to its survivor, through a chain of merges', async () => {
      await register(GLOBEX, 'Globex');
      await register(INITECH, 'Initech');
      await merge(GLOBEX, ACME);
      expect(await resolver.resolve({ kind: 'id', accountId: GLOBEX }, context())).toEqual({
        accountId: ACME,
        accountName: 'Acme Corporation',
      });

      await merge(ACME, INITECH);
      expect(await resolver.resolve({ kind: 'id', accountId: GLOBEX }, context())).toEqual({
        accountId: INITECH,
        accountName: 'Initech',
      });
      expect(await resolver.live(ACME)).toEqual({ accountId: INITECH, accountName: 'Initech' });
    });

    it('refuses an account that is not registered', async () => {
      await expect(resolver.resolve({ kind: 'id', accountId: UNKNOWN }, context())).rejects.toMatchObject({
        code: 'account-not-found',
        kind: 'not-found',
        message: expect.stringContaining(UNKNOWN),
      });
    });

    it('refuses a merge that leads to an account that is not registered', async () => {
      await merge(ACME, UNKNOWN);
      await expect(resolver.resolve({ kind: 'id', accountId: ACME }, context())).rejects.toMatchObject({
        code: 'account-not-found',
      });
    });
  });

  describe('by name', () => {
    it('finds the active account of that name, ignoring case and spacing, and registers nothing', async () => {
      await project();
      const before = (await store.readAll()).length;
      expect(await resolver.resolve({ kind: 'name', name: '  ACME   corporation ' }, context())).toEqual({
        accountId: ACME,
        accountName: 'Acme Corporation',
      });
      expect(await store.readAll()).toHaveLength(before);
    });

    it('finds a name in the view without waiting for it', async () => {
      await project();
      await resolver.resolve({ kind: 'name', name: 'Acme Corporation' }, context());
      expect(waits).toEqual([]);
    });

    it('finds an account registered a moment ago, which the view had not shown yet, once the view has reached the log', async () => {
      await register(GLOBEX, 'Globex');
      const head = await store.lastPosition();
      const before = (await store.readAll()).length;
      expect(await resolver.resolve({ kind: 'name', name: 'globex' }, context())).toEqual({ accountId: GLOBEX, accountName: 'Globex' });
      expect(waits).toEqual([{ position: head, names: ['account-views'] }]);
      expect(await store.readAll()).toHaveLength(before);
    });

    it('registers the name when the view is still behind after the wait (a duplicate to merge, rather than a refused sale)', async () => {
      await register(GLOBEX, 'Globex');
      viewCatchesUp = false;
      const { accountId } = await resolver.resolve({ kind: 'name', name: 'Globex' }, context());
      expect(accountId).not.toBe(GLOBEX);
      expect(await eventTypes(accountId)).toEqual(['AccountRegistered']);
    });

    it('trusts the view it found the name in (a merge it has not seen yet is followed by the merge process, not here)', async () => {
      await project();
      await register(GLOBEX, 'Globex');
      await merge(ACME, GLOBEX);
      expect(await resolver.resolve({ kind: 'name', name: 'acme corporation' }, context())).toMatchObject({ accountId: ACME });
    });

    it('registers an unknown name once, with an id from the command id, however often the command is retried', async () => {
      const retried = context();
      const accountId = derivedCommandId(retried.commandId, 'account-on-the-fly');

      const first = await resolver.resolve({ kind: 'name', name: '  Umbrella Ltd ' }, retried);
      expect(first).toEqual({ accountId, accountName: 'Umbrella Ltd' });
      expect(await resolver.resolve({ kind: 'name', name: '  Umbrella Ltd ' }, retried)).toEqual(first);

      expect(await eventTypes(accountId)).toEqual(['AccountRegistered']);
      expect(await loadAccount(store, accountId)).toMatchObject({
        status: 'active',
        name: 'Umbrella Ltd',
        ...NO_PROFILE,
      });
    });

    it('does not take a merged account of that name: registers a new one', async () => {
      await register(GLOBEX, 'Globex');
      await merge(GLOBEX, ACME);
      await project();
      const { accountId } = await resolver.resolve({ kind: 'name', name: 'Globex' }, context());
      expect([ACME, GLOBEX]).not.toContain(accountId);
      expect(await eventTypes(accountId)).toEqual(['AccountRegistered']);
    });
  });

  describe('new', () => {
    it('registers an account with the given profile', async () => {
      const profile: AccountProfile = {
        sector: 'Energy',
        yearEstablished: 1990,
        annualRevenue: { amountMinor: 12_000_000_00, currency: 'EUR' },
        employees: 250,
        officeLocation: 'Hamburg',
        parentAccountId: ACME,
      };
      const asked = context();
      const resolved = await resolver.resolve({ kind: 'new', name: 'Acme Nord', profile }, asked);
      expect(resolved).toEqual({
        accountId: derivedCommandId(asked.commandId, 'account-on-the-fly'),
        accountName: 'Acme Nord',
      });
      expect(await loadAccount(store, resolved.accountId)).toMatchObject({
        status: 'active',
        name: 'Acme Nord',
        ...profile,
      });
      expect(await eventTypes(resolved.accountId)).toEqual(['AccountRegistered']);
    });

    it('registers a new account even when one of that name exists', async () => {
      await project();
      const resolved = await resolver.resolve(
        { kind: 'new', name: 'Acme Corporation', profile: NO_PROFILE },
        context(),
      );
      expect(resolved.accountId).not.toBe(ACME);
      expect(await loadAccount(store, resolved.accountId)).toMatchObject({
        status: 'active',
        name: 'Acme Corporation',
      });
    });
  });
});
