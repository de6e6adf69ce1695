import { RecordingLog } from '@ledger/event-sourcing/testing';
import { InvalidCursorError, type Page, ProjectionApplier, SqliteReadStore } from '@ledger/read-store';
import { type AccountCommand, accountDecider, accountEvents, type AccountProfile } from '../../domain';
import { accountViewProjection } from '../account-view/account-view.projection';
import type { AccountSummary } from './account-summary';
import { type AccountListFilter, ListAccountsQuery } from './list-accounts.query';
import { ListAccountsHandler } from './list-accounts.handler';

const REP = 'ana';
const id = (n: number): string => `9c1d2e3f-0000-4000-8000-${String(n).padStart(12, '0')}`;

const NO_PROFILE: AccountProfile = {
  sector: null,
  yearEstablished: null,
  annualRevenue: null,
  employees: null,
  officeLocation: null,
  parentAccountId: null,
};

type Input<C> = C extends unknown ? Omit<C, 'at' | 'by'> : never;

const newLog = () => new RecordingLog(accountDecider, accountEvents, (command) => `account-${command.accountId}`, () => 'rep');

describe('ListAccountsHandler', () => {
  let views: SqliteReadStore;
  let log: ReturnType<typeof newLog>;
  let applier: ProjectionApplier;
  let handler: ListAccountsHandler;
  let clock: number;

  const run = async (command: Input<AccountCommand>): Promise<void> => {
    await applier.apply(log.record({ ...command, at: new Date((clock += 60_000)).toISOString(), by: REP } as AccountCommand));
  };
  const register = (n: number, name: string, profile: Partial<AccountProfile> = {}) =>
    run({ type: 'RegisterAccount', accountId: id(n), name, ...NO_PROFILE, ...profile });
  const list = (filter: Partial<AccountListFilter> = {}): Promise<Page<AccountSummary>> =>
    handler.execute(new ListAccountsQuery({ limit: 50, ...filter }));
  const names = async (filter: Partial<AccountListFilter> = {}): Promise<string[]> =>
    (await list(filter)).items.map((account) => account.name);

  beforeEach(() => {
    views = new SqliteReadStore(':memory:');
    log = newLog();
    applier = new ProjectionApplier(views, accountViewProjection);
    handler = new ListAccountsHandler(views);
    clock = Date.UTC(2027, 1, 1, 9);
  });
  afterEach(() => views.close());

  describe('with a few accounts', () => {
    beforeEach(async () => {
      await register(1, 'Globex', { sector: 'Energy', employees: 12, officeLocation: 'Springfield' });
      await register(2, 'Acme Corporation', {
        sector: 'Manufacturing',
        yearEstablished: 1962,
        annualRevenue: { amountMinor: 125_000_000_00, currency: 'USD' },
        employees: 4_200,
        officeLocation: 'Berlin',
        parentAccountId: id(1),
      });
      await register(3, 'Initech', { sector: 'Manufacturing' });
      await register(4, 'A.C.M.E.  Trading');
      await register(5, 'acme (duplicate)');
      await run({ type: 'MergeAccount', accountId: id(5), intoAccountId: id(2) });
      for (const [contactId, fullName] of [
        ['c-1', 'Anna Schmidt'],
        ['c-2', 'Ben Okafor'],
        ['c-3', 'Chloé Martin'],
      ]) {
        await run({
          type: 'AddContact',
          accountId: id(2),
          contactId,
          personal: { fullName, email: `${contactId}@acme.example`, phone: '+49 30 1234567' },
          title: 'Buyer',
          preferredChannel: 'email',
        });
      }
      await run({ type: 'RemoveContact', accountId: id(2), contactId: 'c-2', reason: null });
    });

    it('lists the active accounts by name, each with its profile and the number of its contacts', async () => {
      const page = await list();
      expect(page.nextCursor).toBeNull();
      expect(page.items.map((account) => account.name)).toEqual(['A.C.M.E.  Trading', 'Acme Corporation', 'Globex', 'Initech']);
      const acme = page.items[1];
      expect(acme).toEqual({
        id: id(2),
        name: 'Acme Corporation',
        sector: 'Manufacturing',
        yearEstablished: 1962,
        annualRevenue: { amountMinor: 125_000_000_00, currency: 'USD' },
        employees: 4_200,
        officeLocation: 'Berlin',
        parentAccountId: id(1),
        status: 'active',
        mergedInto: null,
        contacts: 2,
        updatedAt: expect.any(String),
      });
      expect(page.items[2].contacts).toBe(0);
    });

    it('never shows who the contacts are', async () => {
      const listed = JSON.stringify(await list({ status: 'all' }));
      for (const personal of ['Anna', 'Ben', 'Chloé', '@acme.example', '1234567', 'Buyer']) expect(listed).not.toContain(personal);
    });

    it('finds accounts whose name has words beginning with every word searched, case, accents and punctuation ignored', async () => {
      expect(await names({ q: 'ACME' })).toEqual(['A.C.M.E.  Trading', 'Acme Corporation']);
      expect(await names({ q: 'corp' })).toEqual(['Acme Corporation']);
      expect(await names({ q: 'e.  t' })).toEqual(['A.C.M.E.  Trading']);
      expect(await names({ q: 'a.c' })).toEqual(['A.C.M.E.  Trading', 'Acme Corporation']);
      expect(await names({ q: '.*' })).toEqual([]);
      expect(await names({ q: 'acme (', status: 'all' })).toEqual(['A.C.M.E.  Trading', 'Acme Corporation', 'acme (duplicate)']);
    });

    it("finds an account by its contacts' names, e-mails and phones, accents ignored", async () => {
      expect(await names({ q: 'chloe' })).toEqual(['Acme Corporation']);
      expect(await names({ q: 'anna c-1@acme' })).toEqual(['Acme Corporation']);
      expect(await names({ q: '30 1234' })).toEqual(['Acme Corporation']);
    });

    it("finds an account only by its own fields when contacts are not searched (analysts)", async () => {
    expect(await names({ q: 'chloe', searchContacts: false })).toEqual([]);
    expect(await names({ q: 'c-1@acme', searchContacts: false })).toEqual([]);
    expect(await names({ q: 'acme corp', searchContacts: false })).toEqual(['Acme Corporation']);
  });

  it('does not find an account by a removed contact', async () => {
      expect(await names({ q: 'okafor' })).toEqual([]);
    });

    it('filters by sector', async () => {
      expect(await names({ sector: 'Manufacturing' })).toEqual(['Acme Corporation', 'Initech']);
      expect(await names({ sector: 'Manufacturing', q: 'init' })).toEqual(['Initech']);
    });

    it('lists merged accounts, with their survivor, only when asked; all of them with status all', async () => {
      const merged = await list({ status: 'merged' });
      expect(merged.items).toEqual([expect.objectContaining({ id: id(5), status: 'merged', mergedInto: id(2) })]);
      expect(await names({ status: 'all' })).toEqual(['A.C.M.E.  Trading', 'Acme Corporation', 'Globex', 'Initech', 'acme (duplicate)']);
      expect(await names({ status: 'active' })).toEqual(await names({}));
    });

    it('pages by name with the cursor of the previous page, never skipping or repeating', async () => {
      const first = await list({ status: 'all', limit: 2 });
      expect(first.items.map((account) => account.name)).toEqual(['A.C.M.E.  Trading', 'Acme Corporation']);
      const second = await list({ status: 'all', limit: 2, cursor: first.nextCursor! });
      expect(second.items.map((account) => account.name)).toEqual(['Globex', 'Initech']);
      const third = await list({ status: 'all', limit: 2, cursor: second.nextCursor! });
      expect(third).toEqual({ items: [expect.objectContaining({ name: 'acme (duplicate)' })], nextCursor: null });
    });

    it('refuses a cursor it did not give out', async () => {
      await expect(list({ cursor: 'not-a-cursor' })).rejects.toBeInstanceOf(InvalidCursorError);
    });
  });

  it('answers 50 accounts unless asked for another number, and never more than 200', async () => {
    for (let n = 1; n <= 205; n += 1) await register(n, `Account ${String(n).padStart(3, '0')}`);
    const byDefault = await handler.execute(new ListAccountsQuery({}));
    expect(byDefault.items).toHaveLength(50);
    expect(byDefault.items.at(-1)?.name).toBe('Account 050');
    expect((await list({ limit: 500 })).items).toHaveLength(200);
    const rest = await list({ limit: 500, cursor: (await list({ limit: 500 })).nextCursor! });
    expect(rest.items.map((account) => account.name)).toEqual(['Account 201', 'Account 202', 'Account 203', 'Account 204', 'Account 205']);
  });
});
