import { DomainError, fold, type Money } from '@ledger/event-sourcing/kernel';
import { deciderSpec } from '@ledger/event-sourcing/testing';
import type { AccountCommand, AddContact, EraseContact, RegisterAccount } from './account.commands';
import { accountDecider } from './account.decide';
import type {
  AccountEvent,
  AccountMerged,
  AccountRegistered,
  ContactAdded,
  ContactErased,
  ContactPersonalData,
  ContactRemoved,
} from './account.events';

const spec = deciderSpec(accountDecider);

const ID = 'acc-1';
const SURVIVOR = 'acc-2';
const PARENT = 'acc-9';
const CONTACT = 'contact-1';
const REGISTERED_AT = '2026-03-01T09:00:00.000Z';
const AT = '2026-03-12T14:30:00.000Z';
const BY = 'user-rep';

const base = { accountId: ID, at: AT, by: BY };

const usd = (amountMinor: number): Money => ({ amountMinor, currency: 'USD' });

const ANNA: ContactPersonalData = { fullName: 'Anna Schmidt', email: 'anna@acme.example', phone: '+49 30 1234567' };

const registerCommand = (overrides: Partial<Omit<RegisterAccount, 'type'>> = {}): RegisterAccount => ({
  type: 'RegisterAccount',
  accountId: ID,
  name: 'Acme Corporation',
  sector: 'Manufacturing',
  yearEstablished: 1962,
  annualRevenue: usd(125_000_000_00),
  employees: 4_200,
  officeLocation: 'Berlin',
  parentAccountId: PARENT,
  at: REGISTERED_AT,
  by: BY,
  ...overrides,
});

const registered = (overrides: Partial<AccountRegistered['data']> = {}): AccountRegistered => ({
  type: 'AccountRegistered',
  data: {
    accountId: ID,
    name: 'Acme Corporation',
    sector: 'Manufacturing',
    yearEstablished: 1962,
    annualRevenue: usd(125_000_000_00),
    employees: 4_200,
    officeLocation: 'Berlin',
    parentAccountId: PARENT,
    registeredAt: REGISTERED_AT,
    registeredBy: BY,
    ...overrides,
  },
});

const merged: AccountMerged = {
  type: 'AccountMerged',
  data: { accountId: ID, intoAccountId: SURVIVOR, mergedAt: REGISTERED_AT, mergedBy: BY },
};

const addCommand = (overrides: Partial<Omit<AddContact, 'type'>> = {}): AddContact => ({
  type: 'AddContact',
  ...base,
  contactId: CONTACT,
  personal: ANNA,
  title: 'Head of Purchasing',
  preferredChannel: 'email',
  ...overrides,
});

const contactAdded = (overrides: Partial<ContactAdded['data']> = {}): ContactAdded => ({
  type: 'ContactAdded',
  data: {
    accountId: ID,
    contactId: CONTACT,
    title: 'Head of Purchasing',
    preferredChannel: 'email',
    addedAt: AT,
    personal: ANNA,
    ...overrides,
  },
});

const contactRemoved: ContactRemoved = {
  type: 'ContactRemoved',
  data: { accountId: ID, contactId: CONTACT, reason: 'Left the company', removedAt: AT },
};

const contactErased: ContactErased = {
  type: 'ContactErased',
  data: { accountId: ID, contactId: CONTACT, erasedBy: BY, reason: 'Art. 17 request, ticket 4711', erasedAt: AT },
};

const eraseCommand = (overrides: Partial<Omit<EraseContact, 'type'>> = {}): EraseContact => ({
  type: 'EraseContact',
  ...base,
  contactId: CONTACT,
  reason: 'Art. 17 request, ticket 4711',
  ...overrides,
});

const stateAfter = (events: readonly AccountEvent[]) => fold(accountDecider, events);

/** Every command but RegisterAccount, valid against an account holding CONTACT. */
const laterCommands: AccountCommand[] = [
  { type: 'RenameAccount', ...base, name: 'Acme Group' },
  { type: 'UpdateAccountProfile', ...base, changes: { employees: 5_000 } },
  { type: 'MergeAccount', ...base, intoAccountId: SURVIVOR },
  addCommand({ contactId: 'contact-2' }),
  { type: 'UpdateContact', ...base, contactId: CONTACT, changes: { title: 'CFO' }, personal: {} },
  { type: 'RemoveContact', ...base, contactId: CONTACT, reason: null },
];

describe('RegisterAccount', () => {
  it('registers an account with its profile', () => {
    spec.given([]).when(registerCommand()).then([registered()]);
  });

  it('registers an account of which only the name is known, trimming the name', () => {
    const unknown = {
      sector: null,
      yearEstablished: null,
      annualRevenue: null,
      employees: null,
      officeLocation: null,
      parentAccountId: null,
    };
    spec
      .given([])
      .when(registerCommand({ name: '  Acme Corporation ', ...unknown }))
      .then([registered(unknown)]);
  });

  it('accepts the edges: established in 1800 or this year, no employees, no revenue', () => {
    spec
      .given([])
      .when(registerCommand({ yearEstablished: 1800, employees: 0, annualRevenue: usd(0) }))
      .then([registered({ yearEstablished: 1800, employees: 0, annualRevenue: usd(0) })]);
    spec
      .given([])
      .when(registerCommand({ yearEstablished: 2026 }))
      .then([registered({ yearEstablished: 2026 })]);
  });

  it('refuses an account that is already registered', () => {
    spec.given([registered()]).when(registerCommand()).thenFails('account-already-exists');
  });

  it.each(['', '   '])('refuses the name %j', (name) => {
    spec.given([]).when(registerCommand({ name })).thenFails('account-name-required');
  });

  it.each([1799, 2027, 1962.5])('refuses the year established %p', (yearEstablished) => {
    spec.given([]).when(registerCommand({ yearEstablished })).thenFails('invalid-year-established');
  });

  it.each([-1, 12.5])('refuses %p employees', (employees) => {
    spec.given([]).when(registerCommand({ employees })).thenFails('invalid-employees');
  });

  it.each([usd(-1), usd(99.5), { amountMinor: 100, currency: 'usd' }])(
    'refuses the annual revenue %j',
    (annualRevenue) => {
      spec.given([]).when(registerCommand({ annualRevenue })).thenFails('invalid-annual-revenue');
    },
  );

  it('refuses an annual revenue sent as an array, whatever the caller sent', () => {
    spec
      .given([])
      .when(registerCommand({ annualRevenue: JSON.parse('[{"amountMinor":100,"currency":"USD"}]') as Money }))
      .thenFails('invalid-annual-revenue');
  });

  it('refuses an account that is its own parent', () => {
    spec
      .given([])
      .when(registerCommand({ parentAccountId: ID }))
      .thenFails('account-parent-is-self');
  });

  it('folds to an active account without contacts', () => {
    expect(stateAfter([registered()])).toEqual({
      status: 'active',
      id: ID,
      name: 'Acme Corporation',
      sector: 'Manufacturing',
      yearEstablished: 1962,
      annualRevenue: usd(125_000_000_00),
      employees: 4_200,
      officeLocation: 'Berlin',
      parentAccountId: PARENT,
      registeredAt: REGISTERED_AT,
      contacts: {},
    });
  });
});

describe('any command but RegisterAccount on an account that is not registered', () => {
  it.each(laterCommands.map((command) => [command.type, command] as const))('%s is refused', (_type, command) => {
    spec.given([]).when(command).thenFails('account-not-found');
  });
});

describe('any command on a merged account', () => {
  const commands: AccountCommand[] = [registerCommand(), ...laterCommands];
  it.each(commands.map((command) => [command.type, command] as const))('%s is refused', (_type, command) => {
    spec.given([registered(), contactAdded(), merged]).when(command).thenFails('account-merged');
  });

  it('names the survivor in the refusal', () => {
    const state = stateAfter([registered(), merged]);
    expect(() => accountDecider.decide(laterCommands[0], state)).toThrow(SURVIVOR);
  });
});

describe('RenameAccount', () => {
  it('renames, trimming the new name and recording the previous one', () => {
    spec
      .given([registered()])
      .when({ type: 'RenameAccount', ...base, name: ' Acme Group  ' })
      .then([
        {
          type: 'AccountRenamed',
          data: { accountId: ID, previousName: 'Acme Corporation', name: 'Acme Group', renamedAt: AT },
        },
      ]);
  });

  it('changes nothing when the name, trimmed, is the same', () => {
    spec
      .given([registered()])
      .when({ type: 'RenameAccount', ...base, name: ' Acme Corporation ' })
      .then([]);
  });

  it('refuses a blank name', () => {
    spec
      .given([registered()])
      .when({ type: 'RenameAccount', ...base, name: ' ' })
      .thenFails('account-name-required');
  });

  it('folds to the new name', () => {
    const renamed: AccountEvent = {
      type: 'AccountRenamed',
      data: { accountId: ID, previousName: 'Acme Corporation', name: 'Acme Group', renamedAt: AT },
    };
    expect(stateAfter([registered(), renamed])).toMatchObject({ status: 'active', name: 'Acme Group' });
  });
});

describe('UpdateAccountProfile', () => {
  it('records only the fields that differ, clearing with null', () => {
    spec
      .given([registered()])
      .when({
        type: 'UpdateAccountProfile',
        ...base,
        changes: {
          sector: 'Manufacturing',
          employees: 5_000,
          annualRevenue: usd(125_000_000_00),
          officeLocation: null,
          yearEstablished: 1963,
        },
      })
      .then([
        {
          type: 'AccountProfileUpdated',
          data: {
            accountId: ID,
            changes: { employees: 5_000, officeLocation: null, yearEstablished: 1963 },
            updatedAt: AT,
          },
        },
      ]);
  });

  it('records a revenue that differs in currency only, and a new parent', () => {
    const annualRevenue = { amountMinor: 125_000_000_00, currency: 'EUR' };
    spec
      .given([registered()])
      .when({ type: 'UpdateAccountProfile', ...base, changes: { annualRevenue, parentAccountId: 'acc-8' } })
      .then([
        {
          type: 'AccountProfileUpdated',
          data: { accountId: ID, changes: { annualRevenue, parentAccountId: 'acc-8' }, updatedAt: AT },
        },
      ]);
  });

  it('changes nothing when every given field is as it was (money compared by value)', () => {
    spec
      .given([registered()])
      .when({
        type: 'UpdateAccountProfile',
        ...base,
        changes: { sector: 'Manufacturing', annualRevenue: usd(125_000_000_00), parentAccountId: PARENT },
      })
      .then([]);
  });

  it('changes nothing when no field is given', () => {
    spec
      .given([registered()])
      .when({ type: 'UpdateAccountProfile', ...base, changes: {} })
      .then([]);
  });

  it.each([
    ['invalid-year-established', { yearEstablished: 2027 }],
    ['invalid-employees', { employees: -5 }],
    ['invalid-annual-revenue', { annualRevenue: { amountMinor: 100, currency: 'EURO' } }],
    ['account-parent-is-self', { parentAccountId: ID }],
  ] as const)('refuses with %s', (code, changes) => {
    spec
      .given([registered()])
      .when({ type: 'UpdateAccountProfile', ...base, changes })
      .thenFails(code);
  });

  it('folds the changes into the profile', () => {
    const updated: AccountEvent = {
      type: 'AccountProfileUpdated',
      data: { accountId: ID, changes: { employees: 5_000, annualRevenue: null }, updatedAt: AT },
    };
    expect(stateAfter([registered(), updated])).toMatchObject({
      sector: 'Manufacturing',
      employees: 5_000,
      annualRevenue: null,
    });
  });
});

describe('MergeAccount', () => {
  it('merges the account into the survivor', () => {
    spec
      .given([registered()])
      .when({ type: 'MergeAccount', ...base, intoAccountId: SURVIVOR })
      .then([{ type: 'AccountMerged', data: { accountId: ID, intoAccountId: SURVIVOR, mergedAt: AT, mergedBy: BY } }]);
  });

  it('refuses to merge an account into itself', () => {
    spec
      .given([registered()])
      .when({ type: 'MergeAccount', ...base, intoAccountId: ID })
      .thenFails('account-merge-into-self');
  });

  it('folds to a merged account that keeps its facts and contacts', () => {
    const active = stateAfter([registered(), contactAdded()]);
    expect(stateAfter([registered(), contactAdded(), merged])).toEqual({
      ...active,
      status: 'merged',
      intoAccountId: SURVIVOR,
    });
  });
});

describe('AddContact', () => {
  it('adds a contact', () => {
    spec.given([registered()]).when(addCommand()).then([contactAdded()]);
  });

  it('adds a contact known only by name, trimming the name', () => {
    spec
      .given([registered()])
      .when(
        addCommand({
          personal: { fullName: ' Anna Schmidt ', email: null, phone: null },
          title: null,
          preferredChannel: null,
        }),
      )
      .then([
        contactAdded({
          personal: { fullName: 'Anna Schmidt', email: null, phone: null },
          title: null,
          preferredChannel: null,
        }),
      ]);
  });

  it('refuses a contact id already on the account', () => {
    spec.given([registered(), contactAdded()]).when(addCommand()).thenFails('contact-already-exists');
  });

  it('refuses a contact id already used by a removed contact', () => {
    spec.given([registered(), contactAdded(), contactRemoved]).when(addCommand()).thenFails('contact-already-exists');
  });

  it.each(['', '  '])('refuses the full name %j', (fullName) => {
    spec
      .given([registered()])
      .when(addCommand({ personal: { ...ANNA, fullName } }))
      .thenFails('contact-name-required');
  });

  it.each(['anna', 'anna@acme', 'anna @acme.example'])('refuses the e-mail %j', (email) => {
    spec
      .given([registered()])
      .when(addCommand({ personal: { ...ANNA, email } }))
      .thenFails('invalid-contact-email');
  });

  it.each(['123', 'call me', '1'.repeat(31)])('refuses the phone %j', (phone) => {
    spec
      .given([registered()])
      .when(addCommand({ personal: { ...ANNA, phone } }))
      .thenFails('invalid-contact-phone');
  });

  it('accepts the usual ways of writing a phone number', () => {
    for (const phone of ['+1 (555) 010-0199', '030/1234567', '0044.20.7946.0958']) {
      spec
        .given([registered()])
        .when(addCommand({ personal: { ...ANNA, phone } }))
        .then([contactAdded({ personal: { ...ANNA, phone } })]);
    }
  });

  it('folds to a contact on the account', () => {
    expect(stateAfter([registered(), contactAdded()])).toMatchObject({
      contacts: {
        [CONTACT]: {
          contactId: CONTACT,
          title: 'Head of Purchasing',
          preferredChannel: 'email',
          personal: ANNA,
          removed: false,
          erased: false,
        },
      },
    });
  });
});

describe('UpdateContact', () => {
  it('records only the fields that differ, personal ones under personal', () => {
    spec
      .given([registered(), contactAdded()])
      .when({
        type: 'UpdateContact',
        ...base,
        contactId: CONTACT,
        changes: { title: 'Head of Purchasing', preferredChannel: 'phone' },
        personal: { fullName: ' Anna Schmidt ', email: 'a.schmidt@acme.example', phone: null },
      })
      .then([
        {
          type: 'ContactUpdated',
          data: {
            accountId: ID,
            contactId: CONTACT,
            changes: { preferredChannel: 'phone' },
            personal: { email: 'a.schmidt@acme.example', phone: null },
            updatedAt: AT,
          },
        },
      ]);
  });

  it('records a change of title alone with an empty personal object', () => {
    spec
      .given([registered(), contactAdded()])
      .when({ type: 'UpdateContact', ...base, contactId: CONTACT, changes: { title: null }, personal: {} })
      .then([
        {
          type: 'ContactUpdated',
          data: { accountId: ID, contactId: CONTACT, changes: { title: null }, personal: {}, updatedAt: AT },
        },
      ]);
  });

  it('changes nothing when every given field is as it was', () => {
    spec
      .given([registered(), contactAdded()])
      .when({
        type: 'UpdateContact',
        ...base,
        contactId: CONTACT,
        changes: { preferredChannel: 'email' },
        personal: { ...ANNA },
      })
      .then([]);
  });

  it.each([
    ['an unknown contact', [registered(), contactAdded()], 'contact-9'],
    ['a removed contact', [registered(), contactAdded(), contactRemoved], CONTACT],
  ] as const)('refuses %s', (_what, given, contactId) => {
    spec
      .given(given)
      .when({ type: 'UpdateContact', ...base, contactId, changes: { title: 'CFO' }, personal: {} })
      .thenFails('contact-not-found');
  });

  it.each([
    ['contact-name-required', { fullName: ' ' }],
    ['invalid-contact-email', { email: 'anna(at)acme.example' }],
    ['invalid-contact-phone', { phone: 'ask reception' }],
  ] as const)('refuses with %s', (code, personal) => {
    spec
      .given([registered(), contactAdded()])
      .when({ type: 'UpdateContact', ...base, contactId: CONTACT, changes: {}, personal })
      .thenFails(code);
  });

  it('folds the changes into the contact', () => {
    const updated: AccountEvent = {
      type: 'ContactUpdated',
      data: { accountId: ID, contactId: CONTACT, changes: { title: 'CFO' }, personal: { phone: null }, updatedAt: AT },
    };
    expect(stateAfter([registered(), contactAdded(), updated])).toMatchObject({
      contacts: { [CONTACT]: { title: 'CFO', preferredChannel: 'email', personal: { ...ANNA, phone: null } } },
    });
  });
});

describe('RemoveContact', () => {
  it('removes a contact', () => {
    spec
      .given([registered(), contactAdded()])
      .when({ type: 'RemoveContact', ...base, contactId: CONTACT, reason: 'Left the company' })
      .then([contactRemoved]);
  });

  it('refuses an unknown contact', () => {
    spec
      .given([registered(), contactAdded()])
      .when({ type: 'RemoveContact', ...base, contactId: 'constructor', reason: null })
      .thenFails('contact-not-found');
  });

  it('refuses a contact already removed', () => {
    spec
      .given([registered(), contactAdded(), contactRemoved])
      .when({ type: 'RemoveContact', ...base, contactId: CONTACT, reason: null })
      .thenFails('contact-not-found');
  });

  it('folds to a removed contact that keeps its data', () => {
    expect(stateAfter([registered(), contactAdded(), contactRemoved])).toMatchObject({
      contacts: { [CONTACT]: { personal: ANNA, removed: true } },
    });
  });
});

describe('EraseContact', () => {
  it('erases a contact, recording who, when and why', () => {
    spec.given([registered(), contactAdded()]).when(eraseCommand({ reason: '  Art. 17 request, ticket 4711 ' })).then([contactErased]);
  });

  it('erases a removed contact', () => {
    spec.given([registered(), contactAdded(), contactRemoved]).when(eraseCommand()).then([contactErased]);
  });

  it('erases a contact of a merged account', () => {
    spec.given([registered(), contactAdded(), merged]).when(eraseCommand()).then([contactErased]);
  });

  it('changes nothing when the contact is erased already', () => {
    spec.given([registered(), contactAdded(), contactErased]).when(eraseCommand({ reason: 'Asked again' })).then([]);
  });

  it('refuses an unknown contact', () => {
    spec.given([registered(), contactAdded()]).when(eraseCommand({ contactId: 'contact-9' })).thenFails('contact-not-found');
  });

  it('refuses an account that is not registered', () => {
    spec.given([]).when(eraseCommand()).thenFails('account-not-found');
  });

  it('refuses a blank reason', () => {
    spec.given([registered(), contactAdded()]).when(eraseCommand({ reason: ' ' })).thenFails('erasure-reason-required');
  });

  it('refuses any change to an erased contact', () => {
    spec
      .given([registered(), contactAdded(), contactErased])
      .when({ type: 'UpdateContact', ...base, contactId: CONTACT, changes: { title: 'CFO' }, personal: {} })
      .thenFails('contact-erased');
  });

  it('refuses to remove an erased contact', () => {
    spec.given([registered(), contactAdded(), contactErased]).when({ type: 'RemoveContact', ...base, contactId: CONTACT, reason: null }).thenFails('contact-erased');
  });

  it('folds to an erased contact whose personal data reads as erased', () => {
    expect(stateAfter([registered(), contactAdded(), contactErased])).toMatchObject({
      contacts: { [CONTACT]: { personal: { fullName: '[erased]', email: '[erased]', phone: '[erased]', erased: true }, erased: true } },
    });
  });

  it('folds an erasure on a merged account', () => {
    expect(stateAfter([registered(), contactAdded(), merged, contactErased])).toMatchObject({
      status: 'merged',
      contacts: { [CONTACT]: { personal: { fullName: '[erased]', erased: true }, erased: true } },
    });
  });

  it('records no personal data', () => {
    const erased = accountDecider.decide(eraseCommand(), stateAfter([registered(), contactAdded()]));
    expect(JSON.stringify(erased)).not.toMatch(/Anna|anna@|1234567/);
  });
});

describe('personal data', () => {
  const PERSONAL_KEYS = ['fullName', 'email', 'phone'];

  /** Every [path, key, value] in `value`, except what is under a `personal` key. */
  const outsidePersonal = (value: unknown, path = ''): [string, string, unknown][] =>
    value !== null && typeof value === 'object'
      ? Object.entries(value).flatMap(([key, inner]) =>
          key === 'personal'
            ? []
            : [[path, key, inner] as [string, string, unknown], ...outsidePersonal(inner, `${path}.${key}`)],
        )
      : [];

  it('appears in events only under personal', () => {
    const history: AccountEvent[] = [];
    const run = (command: AccountCommand) => {
      history.push(...accountDecider.decide(command, stateAfter(history)));
    };
    run(registerCommand());
    run(addCommand());
    run({
      type: 'UpdateContact',
      ...base,
      contactId: CONTACT,
      changes: { title: 'CFO', preferredChannel: 'phone' },
      personal: { fullName: 'Anna Weber', email: 'anna.weber@acme.example', phone: '+49 30 7654321' },
    });
    run({ type: 'RemoveContact', ...base, contactId: CONTACT, reason: null });
    run({ type: 'MergeAccount', ...base, intoAccountId: SURVIVOR });
    expect(history.map((event) => event.type)).toEqual([
      'AccountRegistered',
      'ContactAdded',
      'ContactUpdated',
      'ContactRemoved',
      'AccountMerged',
    ]);

    const personalValues = [...Object.values(ANNA), 'Anna Weber', 'anna.weber@acme.example', '+49 30 7654321'];
    const leaks = history
      .flatMap((event) => outsidePersonal(event))
      .filter(([, key, value]) => PERSONAL_KEYS.includes(key) || personalValues.includes(value as string));
    expect(leaks).toEqual([]);
    expect(history[1].data).toMatchObject({ personal: ANNA });
    expect(history[2].data).toMatchObject({
      personal: { fullName: 'Anna Weber', email: 'anna.weber@acme.example', phone: '+49 30 7654321' },
    });
  });

  it('is not quoted in refusals', () => {
    const email = 'anna at acme.example';
    let caught: unknown;
    try {
      accountDecider.decide(addCommand({ personal: { ...ANNA, email } }), stateAfter([registered()]));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DomainError);
    expect((caught as DomainError).message).not.toContain(email);
  });
});

describe('evolve', () => {
  it('leaves the state alone for events that do not fit it', () => {
    const active = stateAfter([registered(), contactAdded()]);
    const updatedUnknown: AccountEvent = {
      type: 'ContactUpdated',
      data: { accountId: ID, contactId: 'contact-9', changes: { title: 'CFO' }, personal: {}, updatedAt: AT },
    };
    expect(stateAfter([contactAdded(), merged])).toEqual({ status: 'initial' });
    expect(
      stateAfter([registered(), contactAdded(), registered({ name: 'Other' }), contactAdded({ title: 'CFO' })]),
    ).toEqual(active);
    expect(stateAfter([registered(), contactAdded(), updatedUnknown])).toEqual(active);
    const mergedState = stateAfter([registered(), contactAdded(), merged]);
    expect(stateAfter([registered(), contactAdded(), merged, contactRemoved, merged])).toEqual(mergedState);
  });
});
