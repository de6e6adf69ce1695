import { ERASED_FIELD, type Event, eventCodec, type Money } from '@ledger/event-sourcing/kernel';

export const CONTACT_CHANNELS = ['email', 'phone', 'sms', 'in-person'] as const;

/** How a contact prefers to be reached. */
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];

/**
 * PERSONAL DATA RULE. Everything that identifies a contact as a person — full name, e-mail, phone —
 * lives ONLY in this object, carried as `personal` by `ContactAdded` (whole) and `ContactUpdated`
 * (the fields that changed), and NEVER anywhere else in any event: not in `changes`, not in a
 * reason, not in another aggregate's events, not in an error message. The object is encrypted per
 * person when the event is stored (contactPersonalData), so that forgetting a person is destroying
 * their key (crypto-shredding); a personal field kept outside it would survive that.
 */
export type ContactPersonalData = {
  /** Trimmed, never blank. */
  readonly fullName: string;
  readonly email: string | null;
  readonly phone: string | null;
  /** Read from the log after the contact was erased: every field then reads ERASED_FIELD. */
  readonly erased?: true;
};

/** The personal fields of a contact that changed; an absent key means "unchanged". Same rule as ContactPersonalData. */
export type ContactPersonalChanges = {
  readonly fullName?: string;
  readonly email?: string | null;
  readonly phone?: string | null;
  readonly erased?: true;
};

/** An erased contact's personal data, as every reader sees it. */
export const ERASED_PERSONAL_DATA: ContactPersonalData = { fullName: ERASED_FIELD, email: ERASED_FIELD, phone: ERASED_FIELD, erased: true };

/** The subject a contact's personal data is encrypted for: one data key per contact. */
export const contactSubject = (contactId: string): string => `contact-${contactId}`;

const contactSubjectOf = (data: Readonly<Record<string, unknown>>): string => contactSubject(String(data.contactId));

/** Where account events carry personal data, for the log's encryption layer (PersonalDataEventStore). */
export const contactPersonalData = {
  ContactAdded: { field: 'personal', subject: contactSubjectOf },
  ContactUpdated: { field: 'personal', subject: contactSubjectOf },
} as const;

/** What an account says about itself beyond its name; null means "not known". */
export type AccountProfile = {
  readonly sector: string | null;
  /** A whole year from 1800 to the year of the change. */
  readonly yearEstablished: number | null;
  /** Non-negative, integer minor units. */
  readonly annualRevenue: Money | null;
  /** Head count, a non-negative whole number. */
  readonly employees: number | null;
  readonly officeLocation: string | null;
  /** The account this one belongs to in a group of companies; never the account itself. */
  readonly parentAccountId: string | null;
};

/** Only the fields that changed are present; an absent key means "unchanged". */
export type AccountProfileChanges = Partial<AccountProfile>;

/** Only the fields that changed are present; an absent key means "unchanged". */
export type ContactDetailsChanges = {
  readonly title?: string | null;
  readonly preferredChannel?: ContactChannel | null;
};

/** A customer company enters the ledger. */
export type AccountRegistered = Event<
  'AccountRegistered',
  { readonly accountId: string; readonly name: string } & AccountProfile & {
      readonly registeredAt: string;
      readonly registeredBy: string;
    }
>;

export type AccountRenamed = Event<
  'AccountRenamed',
  { readonly accountId: string; readonly previousName: string; readonly name: string; readonly renamedAt: string }
>;

export type AccountProfileUpdated = Event<
  'AccountProfileUpdated',
  { readonly accountId: string; readonly changes: AccountProfileChanges; readonly updatedAt: string }
>;

/** This account was a duplicate of `intoAccountId`, which survives; this one takes no more commands. */
export type AccountMerged = Event<
  'AccountMerged',
  { readonly accountId: string; readonly intoAccountId: string; readonly mergedAt: string; readonly mergedBy: string }
>;

/** A person to talk to at the account. Their personal data is only in `personal` (see ContactPersonalData). */
export type ContactAdded = Event<
  'ContactAdded',
  {
    readonly accountId: string;
    readonly contactId: string;
    readonly title: string | null;
    readonly preferredChannel: ContactChannel | null;
    readonly addedAt: string;
    readonly personal: ContactPersonalData;
  }
>;

/** At least one of `changes` and `personal` holds a key. */
export type ContactUpdated = Event<
  'ContactUpdated',
  {
    readonly accountId: string;
    readonly contactId: string;
    readonly changes: ContactDetailsChanges;
    readonly personal: ContactPersonalChanges;
    readonly updatedAt: string;
  }
>;

/** The contact no longer counts; its id stays taken on this account. */
export type ContactRemoved = Event<
  'ContactRemoved',
  { readonly accountId: string; readonly contactId: string; readonly reason: string | null; readonly removedAt: string }
>;

/**
 * The contact's personal data is forgotten (GDPR art. 17): its key is destroyed, so its `personal`
 * objects read as erased. Carries no personal data itself; the contact takes no more commands.
 */
export type ContactErased = Event<
  'ContactErased',
  { readonly accountId: string; readonly contactId: string; readonly erasedBy: string; readonly reason: string; readonly erasedAt: string }
>;

export type AccountEvent =
  | AccountRegistered
  | AccountRenamed
  | AccountProfileUpdated
  | AccountMerged
  | ContactAdded
  | ContactUpdated
  | ContactRemoved
  | ContactErased;

export type AccountEventType = AccountEvent['type'];

/** Every account event type with its current schema version. */
export const accountEvents = eventCodec<AccountEvent>({
  AccountRegistered: 1,
  AccountRenamed: 1,
  AccountProfileUpdated: 1,
  AccountMerged: 1,
  ContactAdded: 1,
  ContactUpdated: 1,
  ContactRemoved: 1,
  ContactErased: 1,
});
