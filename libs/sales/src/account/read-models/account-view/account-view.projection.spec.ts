import { type AllEvent, positionOf } from '@ledger/event-sourcing';
import { RecordingLog } from '@ledger/event-sourcing/testing';
import { useProjectionSpec } from '@ledger/read-store/testing';
import { type AccountCommand, accountDecider, accountEvents, type RegisterAccount } from '../../domain';
import { CONTACT_SEARCH } from '../contact-search/contact-search.document';
import { ACCOUNT_VIEWS, type AccountView, type ContactView } from './account-view.document';
import { accountViewProjection } from './account-view.projection';

const ID = '9c1d2e3f-0000-4000-8000-00000000000a';
const OTHER_ID = '9c1d2e3f-0000-4000-8000-00000000000b';
const PARENT_ID = '9c1d2e3f-0000-4000-8000-00000000000c';
const ANNA = '4a5b6c7d-1111-4000-8000-00000000000a';
const BEN = '4a5b6c7d-1111-4000-8000-00000000000b';
const REP = 'ana';
const MANAGER = 'max';

/** An account command without its account (ID unless given), time and actor, which `run` fills in. */
type Input<C> = C extends unknown ? Omit<C, 'accountId' | 'at' | 'by'> & { readonly accountId?: string } : never;

const registering = (overrides: Partial<Input<RegisterAccount>> = {}): Input<RegisterAccount> => ({
  type: 'RegisterAccount',
  name: 'Acme  Corporation ',
  sector: 'Manufacturing',
  yearEstablished: 1962,
  annualRevenue: { amountMinor: 125_000_000_00, currency: 'USD' },
  employees: 4_200,
  officeLocation: 'Berlin',
  parentAccountId: PARENT_ID,
  ...overrides,
});

const addingAnna: Input<AccountCommand> = {
  type: 'AddContact',
  contactId: ANNA,
  personal: { fullName: 'Anna Schmidt', email: 'anna@acme.example', phone: '+49 30 1234567' },
  title: 'Head of Purchasing',
  preferredChannel: 'email',
};

const addingBen: Input<AccountCommand> = {
  type: 'AddContact',
  contactId: BEN,
  personal: { fullName: 'Ben Okafor', email: null, phone: null },
  title: null,
  preferredChannel: null,
};

const newLog = () => new RecordingLog(accountDecider, accountEvents, (command) => `account-${command.accountId}`, (userId) => (userId === MANAGER ? 'manager' : 'rep'));

describe('account-views projection', () => {
  const spec = useProjectionSpec<AccountView, AccountCommand, Input<AccountCommand>>({
    projection: accountViewProjection,
    log: newLog,
    defaults: (command) => ({ accountId: ID, ...command }),
    by: REP,
    start: Date.UTC(2027, 1, 1, 9),
    collection: ACCOUNT_VIEWS,
    id: ID,
  });
  const { run, view, collection } = spec;

  it('AccountRegistered creates an active account with its profile, its name key and no contacts', async () => {
    const registeredAt = await run(registering());
    const expected: AccountView = {
      _id: ID,
      _revision: 0,
      name: 'Acme  Corporation',
      nameKey: 'acme corporation',
      searchKeys: expect.arrayContaining(['a', 'acme', 'c', 'corporation', 'acmecorporation']),
      sector: 'Manufacturing',
      yearEstablished: 1962,
      annualRevenue: { amountMinor: 125_000_000_00, currency: 'USD' },
      employees: 4_200,
      officeLocation: 'Berlin',
      parentAccountId: PARENT_ID,
      status: 'active',
      mergedInto: null,
      mergedAt: null,
      registeredAt,
      registeredBy: REP,
      contacts: {},
      contactIds: [],
      updatedAt: registeredAt,
    };
    expect(await view()).toEqual(expected);
  });

  it('AccountRegistered of an account of which only the name is known leaves the profile empty', async () => {
    await run(registering({ sector: null, yearEstablished: null, annualRevenue: null, employees: null, officeLocation: null, parentAccountId: null }));
    expect(await view()).toMatchObject({
      sector: null,
      yearEstablished: null,
      annualRevenue: null,
      employees: null,
      officeLocation: null,
      parentAccountId: null,
    });
  });

  it('AccountRenamed changes the name and its key', async () => {
    await run(registering());
    const renamedAt = await run({ type: 'RenameAccount', name: 'ACME Group' });
    expect(await view()).toMatchObject({ _revision: 1, name: 'ACME Group', nameKey: 'acme group', updatedAt: renamedAt });
  });

  it('AccountProfileUpdated sets the fields that changed, clears those set to null, and keeps the others', async () => {
    await run(registering());
    const before = await view();
    const updatedAt = await run({
      type: 'UpdateAccountProfile',
      changes: { employees: 5_000, officeLocation: null, annualRevenue: { amountMinor: 99_00, currency: 'EUR' }, parentAccountId: null },
    });
    expect(await view()).toEqual({
      ...before,
      _revision: 1,
      employees: 5_000,
      officeLocation: null,
      annualRevenue: { amountMinor: 99_00, currency: 'EUR' },
      parentAccountId: null,
      updatedAt,
    });
  });

  it('AccountMerged marks it merged into the survivor, keeping its profile and contacts', async () => {
    await run(registering());
    await run(addingAnna);
    const before = await view();
    const mergedAt = await run({ type: 'MergeAccount', intoAccountId: OTHER_ID }, MANAGER);
    expect(await view()).toEqual({ ...before, _revision: 2, status: 'merged', mergedInto: OTHER_ID, mergedAt, updatedAt: mergedAt });
  });

  it('ContactAdded adds the contact, in the order contacts were added', async () => {
    await run(registering());
    const annaAddedAt = await run(addingAnna);
    const benAddedAt = await run(addingBen);
    const anna: ContactView = {
      contactId: ANNA,
      title: 'Head of Purchasing',
      preferredChannel: 'email',
      personal: { fullName: 'Anna Schmidt', email: 'anna@acme.example', phone: '+49 30 1234567' },
      addedAt: annaAddedAt,
      removed: false,
      removedAt: null,
    };
    const ben: ContactView = {
      contactId: BEN,
      title: null,
      preferredChannel: null,
      personal: { fullName: 'Ben Okafor', email: null, phone: null },
      addedAt: benAddedAt,
      removed: false,
      removedAt: null,
    };
    expect(await view()).toMatchObject({ _revision: 2, contacts: { [ANNA]: anna, [BEN]: ben }, contactIds: [ANNA, BEN], updatedAt: benAddedAt });
  });

  it('ContactUpdated sets only the fields that changed, of the contact and of the person', async () => {
    await run(registering());
    await run(addingAnna);
    await run(addingBen);
    const before = await view();
    const updatedAt = await run({
      type: 'UpdateContact',
      contactId: ANNA,
      changes: { preferredChannel: 'phone' },
      personal: { email: 'a.schmidt@acme.example', phone: null },
    });
    expect(await view()).toEqual({
      ...before,
      _revision: 3,
      contacts: {
        ...before.contacts,
        [ANNA]: {
          ...before.contacts[ANNA],
          preferredChannel: 'phone',
          personal: { fullName: 'Anna Schmidt', email: 'a.schmidt@acme.example', phone: null },
        },
      },
      updatedAt,
    });

    await run({ type: 'UpdateContact', contactId: ANNA, changes: { title: null }, personal: { fullName: 'Anna Schmidt-Meyer' } });
    expect((await view()).contacts[ANNA]).toMatchObject({
      title: null,
      preferredChannel: 'phone',
      personal: { fullName: 'Anna Schmidt-Meyer', email: 'a.schmidt@acme.example', phone: null },
    });
  });

  it('ContactRemoved marks the contact removed and keeps it, and its place in the order', async () => {
    await run(registering());
    await run(addingAnna);
    await run(addingBen);
    const before = await view();
    const removedAt = await run({ type: 'RemoveContact', contactId: ANNA, reason: 'Left the company' });
    const after = await view();
    expect(after.contacts[ANNA]).toEqual({ ...before.contacts[ANNA], removed: true, removedAt });
    expect(after.contacts[BEN]).toEqual(before.contacts[BEN]);
    expect(after.contactIds).toEqual([ANNA, BEN]);
  });

  it('ContactErased replaces the personal data with the erased marker, in the account and in contact search, and leaves no search key', async () => {
    await run(registering());
    await run(addingAnna);
    await run(addingBen);
    const before = await view();
    await run({ type: 'EraseContact', contactId: ANNA, reason: 'Art. 17 request' }, 'root');
    const after = await view();
    const search = await spec.views.findOne(CONTACT_SEARCH, { _id: ANNA });
    expect(after.contacts[ANNA]).toEqual({ ...before.contacts[ANNA], personal: { fullName: '[erased]', email: '[erased]', phone: '[erased]', erased: true } });
    expect(after.contacts[BEN]).toEqual(before.contacts[BEN]);
    expect(search).toMatchObject({ fullName: '[erased]', email: '[erased]', phone: '[erased]', erased: true, nameKeys: [], emailKeys: [], phoneKeys: [] });
    expect(JSON.stringify([after, search])).not.toMatch(/Anna|anna|1234567/);
  });

  it('declares the indexes lists and lookups use', () => {
    expect(accountViewProjection.indexes).toEqual({
      [ACCOUNT_VIEWS]: [{ fields: { nameKey: 1 } }, { fields: { status: 1, name: 1, _id: 1 } }, { fields: { name: 1, _id: 1 } }, { fields: { mergedInto: 1 } }, { fields: { searchKeys: 1 } }],
      [CONTACT_SEARCH]: [
        { fields: { nameKeys: 1 } },
        { fields: { emailKeys: 1 } },
        { fields: { phoneKeys: 1 } },
        { fields: { accountId: 1, removed: 1, sortName: 1, _id: 1 } },
        { fields: { removed: 1, sortName: 1, _id: 1 } },
      ],
    });
  });

  describe('replays', () => {
    const history = async () => {
      await run(registering());
      await run(addingAnna);
      await run({ type: 'RenameAccount', name: 'Acme Group' });
      await run(addingBen);
      await run({ type: 'UpdateContact', contactId: ANNA, changes: { title: 'CFO' }, personal: { phone: null } });
      await run({ type: 'RemoveContact', contactId: BEN, reason: null });
      await run(registering({ accountId: OTHER_ID, name: 'Acme Corp.', parentAccountId: null }));
      await run({ type: 'UpdateAccountProfile', accountId: OTHER_ID, changes: { sector: 'Retail' } });
      await run({ type: 'MergeAccount', accountId: OTHER_ID, intoAccountId: ID }, MANAGER);
    };

    it('replaying the whole history twice changes nothing (writes are guarded by the stream revision)', async () => {
      await history();
      const once = await collection();
      expect(once.map((account) => [account._id, account.name, account.status, account.contactIds.length])).toEqual([
        [ID, 'Acme Group', 'active', 2],
        [OTHER_ID, 'Acme Corp.', 'merged', 0],
      ]);

      await spec.expectRedeliveriesChangeNothing(once, 2, 4);
    });

    it('ignores an event older than the document, or of its revision, and applies the next one', async () => {
      await run(registering());
      await run(addingAnna);
      await run({ type: 'RenameAccount', name: 'Acme Group' });
      const before = await view();
      expect(before._revision).toBe(2);
      const next = spec.log.all.length + 1;
      const stale = (revision: number, type: string, data: object): AllEvent => ({
        ...spec.log.all[revision],
        id: `stale-${revision}`,
        type,
        data,
        position: positionOf(next + revision),
      });
      await spec.applier.apply([
        stale(0, 'AccountMerged', { accountId: ID, intoAccountId: OTHER_ID, mergedAt: '2027-01-01T00:00:00.000Z', mergedBy: MANAGER }),
        stale(1, 'ContactAdded', { ...(spec.log.all[1].data as object), contactId: BEN, personal: { fullName: 'Late', email: null, phone: null } }),
        stale(2, 'AccountRenamed', { accountId: ID, previousName: 'Acme Group', name: 'Late name', renamedAt: '2027-01-01T00:00:00.000Z' }),
      ]);
      expect(await view()).toEqual(before);

      const removedAt = await run({ type: 'RemoveContact', contactId: ANNA, reason: null });
      expect(await view()).toMatchObject({ _revision: 3, name: 'Acme Group', contactIds: [ANNA], contacts: { [ANNA]: { removed: true, removedAt } } });
    });
  });
});
