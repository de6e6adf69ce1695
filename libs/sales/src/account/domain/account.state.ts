import { exhaustive } from '@ledger/event-sourcing/kernel';
import { type AccountEvent, type AccountProfile, type ContactChannel, type ContactPersonalData, ERASED_PERSONAL_DATA } from './account.events';

/** What every registered account knows about itself, whatever its status. */
export type AccountFacts = { readonly id: string; readonly name: string } & AccountProfile & {
    readonly registeredAt: string;
  };

/** A contact as `decide` needs it; a removed contact stays, so that its id stays taken. */
export type ContactState = {
  readonly contactId: string;
  readonly title: string | null;
  readonly preferredChannel: ContactChannel | null;
  readonly personal: ContactPersonalData;
  readonly removed: boolean;
  /** Its personal data was erased: it takes no more commands. */
  readonly erased: boolean;
};

/** By contact id. */
export type AccountContacts = Readonly<Record<string, ContactState>>;

export type InitialAccountState = { readonly status: 'initial' };
export type ActiveAccountState = { readonly status: 'active'; readonly contacts: AccountContacts } & AccountFacts;
export type MergedAccountState = {
  readonly status: 'merged';
  readonly intoAccountId: string;
  readonly contacts: AccountContacts;
} & AccountFacts;

export type AccountState = InitialAccountState | ActiveAccountState | MergedAccountState;

export type AccountStatus = AccountState['status'];

export type ExistingAccountState = Exclude<AccountState, InitialAccountState>;

export const initialState = (): AccountState => ({ status: 'initial' });

/** The contact with this id, removed or not; own keys only, so 'constructor' is no contact. */
export const contactIn = (contacts: AccountContacts, contactId: string): ContactState | undefined =>
  Object.hasOwn(contacts, contactId) ? contacts[contactId] : undefined;

const withContact = (state: ActiveAccountState, contact: ContactState): ActiveAccountState => ({
  ...state,
  contacts: { ...state.contacts, [contact.contactId]: contact },
});

/**
 * Events come from the log, so they are trusted: an event that makes no sense in the current state
 * (which `decide` never produces: a second registration, anything after a merge, a change to a
 * contact that is unknown or removed) leaves the state as it is instead of breaking every later load.
 */
export const evolve = (state: AccountState, event: AccountEvent): AccountState => {
  if (event.type === 'AccountRegistered') {
    if (state.status !== 'initial') return state;
    const e = event.data;
    return {
      status: 'active',
      id: e.accountId,
      name: e.name,
      sector: e.sector,
      yearEstablished: e.yearEstablished,
      annualRevenue: e.annualRevenue,
      employees: e.employees,
      officeLocation: e.officeLocation,
      parentAccountId: e.parentAccountId,
      registeredAt: e.registeredAt,
      contacts: {},
    };
  }
  // An erasure reaches a merged account too: a person is forgotten wherever their data is.
  if (event.type === 'ContactErased' && state.status !== 'initial') {
    const contact = contactIn(state.contacts, event.data.contactId);
    if (contact === undefined || contact.erased) return state;
    return { ...state, contacts: { ...state.contacts, [contact.contactId]: { ...contact, personal: ERASED_PERSONAL_DATA, erased: true } } };
  }
  if (state.status !== 'active') return state;

  switch (event.type) {
    case 'AccountRenamed':
      return { ...state, name: event.data.name };
    case 'AccountProfileUpdated':
      return { ...state, ...event.data.changes };
    case 'AccountMerged':
      return { ...state, status: 'merged', intoAccountId: event.data.intoAccountId };
    case 'ContactAdded': {
      const { contactId, title, preferredChannel, personal } = event.data;
      if (contactIn(state.contacts, contactId) !== undefined) return state;
      return withContact(state, { contactId, title, preferredChannel, personal, removed: false, erased: false });
    }
    case 'ContactUpdated': {
      const contact = contactIn(state.contacts, event.data.contactId);
      if (contact === undefined || contact.removed || contact.erased) return state;
      return withContact(state, {
        ...contact,
        ...event.data.changes,
        personal: { ...contact.personal, ...event.data.personal },
      });
    }
    case 'ContactRemoved': {
      const contact = contactIn(state.contacts, event.data.contactId);
      if (contact === undefined || contact.removed) return state;
      return withContact(state, { ...contact, removed: true });
    }
    case 'ContactErased':
      // Applied above, on an active or a merged account alike.
      return state;
    default:
      return exhaustive(event);
  }
};
