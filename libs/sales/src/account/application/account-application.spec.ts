import { type CommandContext, DomainError, SqliteEventStore } from '@ledger/event-sourcing';
import type { AccountProfile } from '../domain';
import { AccountCommandMessage, AccountHandler, loadAccount, ParentAccountNotFoundError } from './account.handler';
import { accountCommandHandlers } from './index';
import { EraseContactHandler } from './erase-contact/erase-contact.handler';
import { MergeAccountsCommand, MergeAccountsHandler } from './merge-accounts/merge-accounts.handler';

const ACME = '9c1d2e3f-0000-4000-8000-00000000000a';
const GLOBEX = '9c1d2e3f-0000-4000-8000-00000000000b';
const DUPLICATE = '9c1d2e3f-0000-4000-8000-00000000000c';
const UNKNOWN = '9c1d2e3f-0000-4000-8000-0000000000ff';
const CONTACT = '4a5b6c7d-1111-4000-8000-00000000000a';

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
  const commandId = `cmd-${sequence}`;
  return {
    commandId,
    correlationId: commandId,
    causationId: commandId,
    actor: { userId: 'max', role: 'manager' },
    occurredAt: '2027-02-01T09:00:00.000Z',
  };
};

describe('account application', () => {
  let store: SqliteEventStore;
  let accounts: InstanceType<typeof AccountHandler>;
  let merge: MergeAccountsHandler;

  const registered = (accountId: string, name: string, profile: Partial<AccountProfile> = {}) =>
    accounts.execute(new AccountCommandMessage({ type: 'RegisterAccount', accountId, name, ...NO_PROFILE, ...profile }, context()));
  const mergeInto = (accountId: string, intoAccountId: string) =>
    merge.execute(new MergeAccountsCommand({ accountId, intoAccountId }, context()));
  const eventTypes = async (accountId: string) => (await store.readStream(`account-${accountId}`)).map((event) => event.type);

  beforeEach(async () => {
    store = new SqliteEventStore(':memory:');
    accounts = new AccountHandler(store);
    merge = new MergeAccountsHandler(store);
    await registered(ACME, 'Acme Corporation');
  });
  afterEach(() => store.close());

  it('has a handler for every use case', () => {
    expect(accountCommandHandlers).toEqual([AccountHandler, MergeAccountsHandler, EraseContactHandler]);
  });

  describe('RegisterAccount', () => {
    it('registers an account in its stream', async () => {
      expect(await eventTypes(ACME)).toEqual(['AccountRegistered']);
      expect(await loadAccount(store, ACME)).toMatchObject({ status: 'active', name: 'Acme Corporation', parentAccountId: null });
    });

    it('registers a subsidiary of an active account', async () => {
      const result = await registered(GLOBEX, 'Globex', { parentAccountId: ACME });
      expect(result.revision).toBe(0);
      expect(await loadAccount(store, GLOBEX)).toMatchObject({ status: 'active', parentAccountId: ACME });
    });

    it('refuses a parent account that is not registered, and appends nothing', async () => {
      const refused = registered(GLOBEX, 'Globex', { parentAccountId: UNKNOWN });
      await expect(refused).rejects.toBeInstanceOf(ParentAccountNotFoundError);
      await expect(registered(GLOBEX, 'Globex', { parentAccountId: UNKNOWN })).rejects.toMatchObject({
        code: 'parent-account-not-found',
        kind: 'rule-violated',
      });
      expect(await eventTypes(GLOBEX)).toEqual([]);
    });

    it('refuses a merged parent account the same way', async () => {
      await registered(DUPLICATE, 'Acme Corp.');
      await mergeInto(DUPLICATE, ACME);
      await expect(registered(GLOBEX, 'Globex', { parentAccountId: DUPLICATE })).rejects.toMatchObject({
        code: 'parent-account-not-found',
      });
    });

    it('leaves the rest to the domain; an account named as its own parent is not registered yet', async () => {
      await expect(registered(ACME, 'Acme again')).rejects.toMatchObject({ code: 'account-already-exists' });
      await expect(registered(GLOBEX, 'Globex', { parentAccountId: GLOBEX })).rejects.toMatchObject({
        code: 'parent-account-not-found',
      });
    });
  });

  describe('UpdateAccountProfile', () => {
    const update = (changes: object) =>
      accounts.execute(new AccountCommandMessage({ type: 'UpdateAccountProfile', accountId: GLOBEX, changes }, context()));

    beforeEach(() => registered(GLOBEX, 'Globex'));

    it('sets an active parent account, and clears it with null without looking for one', async () => {
      await update({ parentAccountId: ACME, employees: 12 });
      expect(await loadAccount(store, GLOBEX)).toMatchObject({ parentAccountId: ACME, employees: 12 });
      await update({ parentAccountId: null });
      expect(await loadAccount(store, GLOBEX)).toMatchObject({ parentAccountId: null, employees: 12 });
    });

    it('changes the rest of the profile without a parent account in the changes', async () => {
      await update({ sector: 'Energy' });
      expect(await eventTypes(GLOBEX)).toEqual(['AccountRegistered', 'AccountProfileUpdated']);
    });

    it('refuses a parent account that is not registered or was merged', async () => {
      await expect(update({ parentAccountId: UNKNOWN })).rejects.toMatchObject({ code: 'parent-account-not-found' });
      await registered(DUPLICATE, 'Acme Corp.');
      await mergeInto(DUPLICATE, ACME);
      await expect(update({ parentAccountId: DUPLICATE, sector: 'Energy' })).rejects.toMatchObject({
        code: 'parent-account-not-found',
      });
      expect(await eventTypes(GLOBEX)).toEqual(['AccountRegistered']);
    });

    it('leaves an account named as its own parent to the domain', async () => {
      await expect(update({ parentAccountId: GLOBEX })).rejects.toMatchObject({ code: 'account-parent-is-self' });
    });

    it("refuses its own subsidiary as its parent (P's parent Q, then Q's parent P), and appends nothing", async () => {
      await update({ parentAccountId: ACME });
      const cycle = accounts.execute(new AccountCommandMessage({ type: 'UpdateAccountProfile', accountId: ACME, changes: { parentAccountId: GLOBEX } }, context()));
      await expect(cycle).rejects.toMatchObject({ code: 'account-parent-cycle', kind: 'rule-violated' });
      expect(await eventTypes(ACME)).toEqual(['AccountRegistered']);
    });

    it('refuses a subsidiary further down as its parent (A under Globex under Acme; Acme under A)', async () => {
      await update({ parentAccountId: ACME });
      await registered(DUPLICATE, 'Initech', { parentAccountId: GLOBEX });
      const cycle = accounts.execute(new AccountCommandMessage({ type: 'UpdateAccountProfile', accountId: ACME, changes: { parentAccountId: DUPLICATE } }, context()));
      await expect(cycle).rejects.toMatchObject({ code: 'account-parent-cycle' });
    });

    it('takes a parent that shares an ancestor without being below (siblings under Acme)', async () => {
      await update({ parentAccountId: ACME });
      await registered(DUPLICATE, 'Initech', { parentAccountId: ACME });
      await update({ parentAccountId: DUPLICATE });
      expect(await loadAccount(store, GLOBEX)).toMatchObject({ parentAccountId: DUPLICATE });
    });
  });

  describe('parent changes, decided one after another on the hierarchy stream', () => {
    beforeEach(() => registered(GLOBEX, 'Globex'));
    const update = (accountId: string, changes: object) =>
      accounts.execute(new AccountCommandMessage({ type: 'UpdateAccountProfile', accountId, changes }, context()));
    const links = async () => (await store.readStream('hierarchy-accounts')).map((event) => event.data);

    it('links every parent change there, a cleared parent too, and no other profile change', async () => {
      await update(GLOBEX, { parentAccountId: ACME });
      await update(GLOBEX, { employees: 40 });
      await update(GLOBEX, { parentAccountId: null });
      expect(await links()).toEqual([
        { accountId: GLOBEX, parentAccountId: ACME, linkedAt: '2027-02-01T09:00:00.000Z' },
        { accountId: GLOBEX, parentAccountId: null, linkedAt: '2027-02-01T09:00:00.000Z' },
      ]);
    });

    it('links nothing for a change the account refuses', async () => {
      await expect(update(GLOBEX, { parentAccountId: ACME, employees: -1 })).rejects.toMatchObject({ code: 'invalid-employees' });
      expect(await links()).toEqual([]);
    });

    it("refuses a parent whose chain reaches the account through a link not yet in the account's stream (a change under way)", async () => {
      const commandId = 'cmd-under-way';
      await store.append(
        'hierarchy-accounts',
        [
          {
            id: '5f0c9a3e-2b1d-4c6e-8f7a-000000000001',
            type: 'AccountParentLinked',
            data: { accountId: GLOBEX, parentAccountId: ACME, linkedAt: '2027-02-01T08:59:59.000Z' },
            metadata: { commandId, correlationId: commandId, causationId: commandId, actor: { userId: 'max', role: 'manager' }, occurredAt: '2027-02-01T08:59:59.000Z', schemaVersion: 1 },
          },
        ],
        'no_stream',
      );
      await expect(update(ACME, { parentAccountId: GLOBEX })).rejects.toMatchObject({ code: 'account-parent-cycle' });
      expect(await eventTypes(ACME)).toEqual(['AccountRegistered']);
    });
  });

  describe('MergeAccounts', () => {
    beforeEach(() => registered(DUPLICATE, 'Acme Corp.'));

    it('merges the duplicate into the survivor, which stays as it was', async () => {
      const result = await mergeInto(DUPLICATE, ACME);
      expect(result.revision).toBe(1);
      expect(await loadAccount(store, DUPLICATE)).toMatchObject({ status: 'merged', intoAccountId: ACME });
      expect(await eventTypes(ACME)).toEqual(['AccountRegistered']);
    });

    it('refuses a survivor that is not registered, naming it', async () => {
      const refused = mergeInto(DUPLICATE, UNKNOWN);
      await expect(refused).rejects.toMatchObject({ code: 'account-not-found', kind: 'not-found' });
      await expect(mergeInto(DUPLICATE, UNKNOWN)).rejects.toThrow(UNKNOWN);
      expect(await eventTypes(DUPLICATE)).toEqual(['AccountRegistered']);
    });

    it('refuses a survivor that was merged itself, naming where it went', async () => {
      await registered(GLOBEX, 'Globex');
      await mergeInto(GLOBEX, ACME);
      const refused = mergeInto(DUPLICATE, GLOBEX);
      await expect(refused).rejects.toBeInstanceOf(DomainError);
      await expect(mergeInto(DUPLICATE, GLOBEX)).rejects.toMatchObject({
        code: 'account-merged',
        message: expect.stringContaining(`Account ${GLOBEX} was merged into account ${ACME}`),
      });
      expect(await eventTypes(DUPLICATE)).toEqual(['AccountRegistered']);
    });

    it('never merges two accounts into each other, even when both merges are sent at once', async () => {
      const outcomes = await Promise.allSettled([mergeInto(DUPLICATE, ACME), mergeInto(ACME, DUPLICATE)]);
      expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected']);
      expect(await loadAccount(store, ACME)).toMatchObject({ status: 'active' });
      expect(await loadAccount(store, DUPLICATE)).toMatchObject({ status: 'merged', intoAccountId: ACME });
    });

    it('leaves the duplicate to the domain: unknown, already merged, or the survivor itself', async () => {
      await expect(mergeInto(UNKNOWN, ACME)).rejects.toMatchObject({ code: 'account-not-found', message: expect.stringContaining(UNKNOWN) });
      await expect(mergeInto(ACME, ACME)).rejects.toMatchObject({ code: 'account-merge-into-self' });
      await mergeInto(DUPLICATE, ACME);
      await expect(mergeInto(DUPLICATE, ACME)).rejects.toMatchObject({ code: 'account-merged' });
    });
  });

  it('renames, and adds, updates and removes a contact', async () => {
    await accounts.execute(new AccountCommandMessage({ type: 'RenameAccount', accountId: ACME, name: 'Acme Group' }, context()));
    await accounts.execute(
      new AccountCommandMessage(
        {
          type: 'AddContact',
          accountId: ACME,
          contactId: CONTACT,
          personal: { fullName: 'Anna Schmidt', email: null, phone: null },
          title: null,
          preferredChannel: null,
        },
        context(),
      ),
    );
    await accounts.execute(
      new AccountCommandMessage(
        { type: 'UpdateContact', accountId: ACME, contactId: CONTACT, changes: { title: 'CFO' }, personal: { email: 'anna@acme.example' } },
        context(),
      ),
    );
    const removed = await accounts.execute(
      new AccountCommandMessage({ type: 'RemoveContact', accountId: ACME, contactId: CONTACT, reason: 'Left the company' }, context()),
    );
    expect(removed.revision).toBe(4);
    expect(await eventTypes(ACME)).toEqual(['AccountRegistered', 'AccountRenamed', 'ContactAdded', 'ContactUpdated', 'ContactRemoved']);
    expect(await loadAccount(store, ACME)).toMatchObject({
      name: 'Acme Group',
      contacts: {
        [CONTACT]: { title: 'CFO', personal: { fullName: 'Anna Schmidt', email: 'anna@acme.example', phone: null }, removed: true },
      },
    });
  });
});
