import { type CommandContext, PersonalDataEventStore, snapshotWritesSettled, SqliteEventStore, SqliteSubjectKeyStore } from '@ledger/event-sourcing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contactPersonalData } from '../../domain';
import { AccountCommandMessage, AccountHandler, handleAccount, loadAccount } from '../account.handler';
import { EraseContactCommand, EraseContactHandler } from './erase-contact.handler';

const ACME = '9c1d2e3f-0000-4000-8000-00000000000a';
const CONTACT = '4a5b6c7d-1111-4000-8000-00000000000a';
const REASON = 'Art. 17 request, ticket 4711';

let sequence = 0;
const context = (): CommandContext => {
  sequence += 1;
  const commandId = `cmd-${sequence}`;
  return { commandId, correlationId: commandId, causationId: commandId, actor: { userId: 'ada', role: 'admin' }, occurredAt: '2027-02-01T09:00:00.000Z' };
};

describe('erasing a contact', () => {
  let dir: string;
  let store: PersonalDataEventStore;
  let erase: EraseContactHandler;
  const eventTypes = async () => (await store.readStream(`account-${ACME}`)).map((event) => event.type);

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'erase-contact-'));
    store = new PersonalDataEventStore(new SqliteEventStore(join(dir, 'events.db')), new SqliteSubjectKeyStore(join(dir, 'keys.db')), contactPersonalData);
    erase = new EraseContactHandler(store, store.keys);
    const accounts = new AccountHandler(store);
    await accounts.execute(
      new AccountCommandMessage({ type: 'RegisterAccount', accountId: ACME, name: 'Acme', sector: null, yearEstablished: null, annualRevenue: null, employees: null, officeLocation: null, parentAccountId: null }, context()),
    );
    await accounts.execute(
      new AccountCommandMessage({ type: 'AddContact', accountId: ACME, contactId: CONTACT, personal: { fullName: 'Anna Schmidt', email: 'anna@acme.example', phone: null }, title: null, preferredChannel: null }, context()),
    );
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('records the erasure and destroys the key: the history reads as erased', async () => {
    await erase.execute(new EraseContactCommand({ accountId: ACME, contactId: CONTACT, reason: REASON }, context()));
    expect(await eventTypes()).toEqual(['AccountRegistered', 'ContactAdded', 'ContactErased']);
    expect(await store.keys.keyFor(`contact-${CONTACT}`)).toBe('destroyed');
    expect((await store.readStream(`account-${ACME}`))[1].data).toMatchObject({ personal: { fullName: '[erased]', erased: true } });
  });

  it('finishes an erasure that crashed between the event and the key: nothing new in the log, the key destroyed', async () => {
    await handleAccount(store, { type: 'EraseContact', accountId: ACME, contactId: CONTACT, reason: REASON }, context());
    const retried = await erase.execute(new EraseContactCommand({ accountId: ACME, contactId: CONTACT, reason: REASON }, context()));
    expect(retried.appended).toBe(0);
    expect(await eventTypes()).toEqual(['AccountRegistered', 'ContactAdded', 'ContactErased']);
    expect(await store.keys.keyFor(`contact-${CONTACT}`)).toBe('destroyed');
  });

  it("never snapshots an account, so no copy of a contact's personal data outlives the erasure beside the log", async () => {
    const snapshotting = new PersonalDataEventStore(
      new SqliteEventStore(join(dir, 'snapshotting.db'), { snapshotEvery: 1 }),
      new SqliteSubjectKeyStore(join(dir, 'snapshotting-keys.db')),
      contactPersonalData,
    );
    const accounts = new AccountHandler(snapshotting);
    await accounts.execute(
      new AccountCommandMessage({ type: 'RegisterAccount', accountId: ACME, name: 'Acme', sector: null, yearEstablished: null, annualRevenue: null, employees: null, officeLocation: null, parentAccountId: null }, context()),
    );
    await accounts.execute(
      new AccountCommandMessage({ type: 'AddContact', accountId: ACME, contactId: CONTACT, personal: { fullName: 'Anna Schmidt', email: 'anna@acme.example', phone: null }, title: null, preferredChannel: null }, context()),
    );
    await accounts.execute(new AccountCommandMessage({ type: 'RenameAccount', accountId: ACME, name: 'Acme AG' }, context()));
    await new EraseContactHandler(snapshotting, snapshotting.keys).execute(new EraseContactCommand({ accountId: ACME, contactId: CONTACT, reason: REASON }, context()));
    await snapshotWritesSettled();
    const snapshot = await snapshotting.stored.snapshotsFor([])!.read(`account-${ACME}`);
    await snapshotting.close();
    expect(snapshot).toBeNull();
  });

  it('leaves the key of a contact it refuses to erase', async () => {
    const refused = erase.execute(new EraseContactCommand({ accountId: ACME, contactId: CONTACT, reason: ' ' }, context()));
    await expect(refused).rejects.toMatchObject({ code: 'erasure-reason-required' });
    expect(await loadAccount(store, ACME)).toMatchObject({ contacts: { [CONTACT]: { personal: { fullName: 'Anna Schmidt' }, erased: false } } });
  });
});
