import { RecordingLog } from '@ledger/event-sourcing/testing';
import { ProjectionApplier, SqliteReadStore } from '@ledger/read-store';
import { type AccountCommand, accountDecider, accountEvents, type AccountProfile } from '../../domain';
import { accountViewProjection } from '../account-view/account-view.projection';
import { type ContactListFilter, ListContactsQuery } from './list-contacts.query';
import { ListContactsHandler } from './list-contacts.handler';

const REP = 'ana';
const id = (n: number): string => `9c1d2e3f-0000-4000-8000-${String(n).padStart(12, '0')}`;
const contact = (n: number): string => `4a5b6c7d-1111-4000-8000-${String(n).padStart(12, '0')}`;
const NO_PROFILE: AccountProfile = { sector: null, yearEstablished: null, annualRevenue: null, employees: null, officeLocation: null, parentAccountId: null };

type Input<C> = C extends unknown ? Omit<C, 'at' | 'by'> : never;

describe('ListContactsHandler: contacts across accounts, found by words of their name, e-mail or phone', () => {
  let views: SqliteReadStore;
  let handler: ListContactsHandler;
  const log = new RecordingLog(accountDecider, accountEvents, (command) => `account-${command.accountId}`, () => 'rep');
  let clock = Date.UTC(2027, 1, 1, 9);

  const names = async (filter: Partial<ContactListFilter>): Promise<string[]> =>
    (await handler.execute(new ListContactsQuery({ limit: 50, ...filter }))).items.map((found) => `${found.fullName} (${found.accountName ?? '?'})`);

  beforeAll(async () => {
    views = new SqliteReadStore(':memory:');
    handler = new ListContactsHandler(views);
    const applier = new ProjectionApplier(views, accountViewProjection);
    const run = (command: Input<AccountCommand>) => applier.apply(log.record({ ...command, at: new Date((clock += 60_000)).toISOString(), by: REP } as AccountCommand));
    const add = (n: number, accountId: string, fullName: string, email: string | null, phone: string | null) =>
      run({ type: 'AddContact', accountId, contactId: contact(n), personal: { fullName, email, phone }, title: null, preferredChannel: null });
    await run({ type: 'RegisterAccount', accountId: id(1), name: 'Acme Corporation', ...NO_PROFILE });
    await run({ type: 'RegisterAccount', accountId: id(2), name: 'Globex', ...NO_PROFILE });
    await add(1, id(1), 'Chloé Martin', 'chloe.martin@acme.example', '+49 30 1234567');
    await add(2, id(2), 'Anna Schmidt', 'anna@globex.example', '+1 555 0100');
    await add(3, id(2), 'Ben Okafor', null, null);
    await add(4, id(1), 'Zoë Müller', 'zoe@acme.example', null);
    await run({ type: 'RemoveContact', accountId: id(2), contactId: contact(3), reason: null });
    await run({ type: 'UpdateContact', accountId: id(1), contactId: contact(4), changes: {}, personal: { fullName: 'Zoë Weber' } });
    await run({ type: 'RenameAccount', accountId: id(1), name: 'Acme Group' });
  });
  afterAll(() => views.close());

  it('lists the contacts of every account by name, with their account, removed ones left out', async () => {
    expect(await names({})).toEqual(['Anna Schmidt (Globex)', 'Chloé Martin (Acme Group)', 'Zoë Weber (Acme Group)']);
  });

  it('finds a name case- and accent-insensitively', async () => {
    expect(await names({ q: 'CHLOE' })).toEqual(['Chloé Martin (Acme Group)']);
  });

  it('finds an e-mail', async () => {
    expect(await names({ q: 'anna@globex' })).toEqual(['Anna Schmidt (Globex)']);
  });

  it('finds a phone by its digits', async () => {
    expect(await names({ q: '555-0100' })).toEqual(['Anna Schmidt (Globex)']);
  });

  it('finds words spread over name and e-mail', async () => {
    expect(await names({ q: 'zoe acme' })).toEqual(['Zoë Weber (Acme Group)']);
  });

  it('finds by the name a contact has now, not the one it had', async () => {
    expect({ now: await names({ q: 'weber' }), before: await names({ q: 'muller' }) }).toEqual({ now: ['Zoë Weber (Acme Group)'], before: [] });
  });

  it('never finds a removed contact', async () => {
    expect(await names({ q: 'okafor' })).toEqual([]);
  });

  it("lists one account's contacts", async () => {
    expect(await names({ accountId: id(2) })).toEqual(['Anna Schmidt (Globex)']);
  });

  it('pages by name without skipping or repeating', async () => {
    const first = await handler.execute(new ListContactsQuery({ limit: 2 }));
    const second = await handler.execute(new ListContactsQuery({ limit: 2, cursor: first.nextCursor! }));
    expect([...first.items, ...second.items].map((found) => found.fullName)).toEqual(['Anna Schmidt', 'Chloé Martin', 'Zoë Weber']);
  });
});
