import { calendarDate, type Decider, exhaustive, isMoney, type Money, sameMoney } from '@ledger/event-sourcing/kernel';
import type {
  AccountCommand,
  AddContact,
  EraseContact,
  MergeAccount,
  RegisterAccount,
  RemoveContact,
  RenameAccount,
  UpdateAccountProfile,
  UpdateContact,
} from './account.commands';
import {
  AccountAlreadyExistsError,
  AccountMergedError,
  AccountMergeIntoSelfError,
  AccountNameRequiredError,
  AccountNotFoundError,
  AccountParentIsSelfError,
  ContactAlreadyExistsError,
  ContactErasedError,
  ContactNameRequiredError,
  ContactNotFoundError,
  ErasureReasonRequiredError,
  InvalidAnnualRevenueError,
  InvalidContactEmailError,
  InvalidContactPhoneError,
  InvalidEmployeesError,
  InvalidYearEstablishedError,
} from './account.errors';
import type {
  AccountEvent,
  AccountProfileChanges,
  ContactDetailsChanges,
  ContactPersonalChanges,
} from './account.events';
import {
  type AccountState,
  type ActiveAccountState,
  contactIn,
  type ContactState,
  evolve,
  initialState,
} from './account.state';

const EARLIEST_YEAR_ESTABLISHED = 1800;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[0-9 ()./-]{4,30}$/;

const isBlank = (text: string): boolean => text.trim() === '';

/** Present in a command (not undefined) and not cleared (not null). */
const isSet = <T>(value: T | null | undefined): value is T => value !== undefined && value !== null;

/** Copied, so that the event holds exactly Money and nothing a caller slipped in. */
const copyMoney = (money: Money | null): Money | null =>
  money === null ? null : { amountMinor: money.amountMinor, currency: money.currency };

/** Checks the profile fields a command sets; absent and null fields need no check. */
const checkProfile = (accountId: string, profile: AccountProfileChanges, at: string): void => {
  const { yearEstablished, employees, annualRevenue, parentAccountId } = profile;
  if (isSet(yearEstablished)) {
    const latestYear = Number(calendarDate(at).slice(0, 4));
    // Written so that a NaN (from a malformed `at`) refuses rather than lets through.
    if (
      !Number.isInteger(yearEstablished) ||
      yearEstablished < EARLIEST_YEAR_ESTABLISHED ||
      !(yearEstablished <= latestYear)
    ) {
      throw new InvalidYearEstablishedError(yearEstablished, latestYear);
    }
  }
  if (isSet(employees) && !(Number.isSafeInteger(employees) && employees >= 0)) {
    throw new InvalidEmployeesError(employees);
  }
  if (isSet(annualRevenue) && !isMoney(annualRevenue)) throw new InvalidAnnualRevenueError(annualRevenue);
  if (parentAccountId === accountId) throw new AccountParentIsSelfError(accountId);
};

/** Checks the personal fields a command sets; a null e-mail or phone clears it and needs no check. */
const checkPersonal = (personal: ContactPersonalChanges): void => {
  const { fullName, email, phone } = personal;
  if (fullName !== undefined && isBlank(fullName)) throw new ContactNameRequiredError();
  if (isSet(email) && !EMAIL.test(email)) throw new InvalidContactEmailError();
  if (isSet(phone) && !PHONE.test(phone)) throw new InvalidContactPhoneError();
};

/** Registered and not merged: the only state in which an account takes commands. */
const requireActive = (command: AccountCommand, state: AccountState): ActiveAccountState => {
  if (state.status === 'initial') throw new AccountNotFoundError(command.accountId);
  if (state.status === 'merged') throw new AccountMergedError(state.id, state.intoAccountId);
  return state;
};

/** On the account, not removed and not erased. */
const requireContact = (account: ActiveAccountState, contactId: string): ContactState => {
  const contact = contactIn(account.contacts, contactId);
  if (contact === undefined || contact.removed) throw new ContactNotFoundError(account.id, contactId);
  if (contact.erased) throw new ContactErasedError(account.id, contactId);
  return contact;
};

const register = (command: RegisterAccount, state: AccountState): AccountEvent[] => {
  if (state.status === 'merged') throw new AccountMergedError(state.id, state.intoAccountId);
  if (state.status !== 'initial') throw new AccountAlreadyExistsError(command.accountId);
  if (isBlank(command.name)) throw new AccountNameRequiredError();
  checkProfile(command.accountId, command, command.at);
  return [
    {
      type: 'AccountRegistered',
      data: {
        accountId: command.accountId,
        name: command.name.trim(),
        sector: command.sector,
        yearEstablished: command.yearEstablished,
        annualRevenue: copyMoney(command.annualRevenue),
        employees: command.employees,
        officeLocation: command.officeLocation,
        parentAccountId: command.parentAccountId,
        registeredAt: command.at,
        registeredBy: command.by,
      },
    },
  ];
};

const rename = (command: RenameAccount, state: AccountState): AccountEvent[] => {
  const current = requireActive(command, state);
  if (isBlank(command.name)) throw new AccountNameRequiredError();
  const name = command.name.trim();
  if (name === current.name) return [];
  return [
    {
      type: 'AccountRenamed',
      data: { accountId: current.id, previousName: current.name, name, renamedAt: command.at },
    },
  ];
};

const updateProfile = (command: UpdateAccountProfile, state: AccountState): AccountEvent[] => {
  const current = requireActive(command, state);
  checkProfile(current.id, command.changes, command.at);
  const { sector, yearEstablished, annualRevenue, employees, officeLocation, parentAccountId } = command.changes;

  const changes: AccountProfileChanges = {
    ...(sector !== undefined && sector !== current.sector ? { sector } : {}),
    ...(yearEstablished !== undefined && yearEstablished !== current.yearEstablished ? { yearEstablished } : {}),
    ...(annualRevenue !== undefined && !sameMoney(annualRevenue, current.annualRevenue)
      ? { annualRevenue: copyMoney(annualRevenue) }
      : {}),
    ...(employees !== undefined && employees !== current.employees ? { employees } : {}),
    ...(officeLocation !== undefined && officeLocation !== current.officeLocation ? { officeLocation } : {}),
    ...(parentAccountId !== undefined && parentAccountId !== current.parentAccountId ? { parentAccountId } : {}),
  };
  if (Object.keys(changes).length === 0) return [];
  return [{ type: 'AccountProfileUpdated', data: { accountId: current.id, changes, updatedAt: command.at } }];
};

const merge = (command: MergeAccount, state: AccountState): AccountEvent[] => {
  const current = requireActive(command, state);
  if (command.intoAccountId === current.id) throw new AccountMergeIntoSelfError(current.id);
  return [
    {
      type: 'AccountMerged',
      data: { accountId: current.id, intoAccountId: command.intoAccountId, mergedAt: command.at, mergedBy: command.by },
    },
  ];
};

const addContact = (command: AddContact, state: AccountState): AccountEvent[] => {
  const current = requireActive(command, state);
  if (contactIn(current.contacts, command.contactId) !== undefined) {
    throw new ContactAlreadyExistsError(current.id, command.contactId);
  }
  checkPersonal(command.personal);
  const { fullName, email, phone } = command.personal;
  return [
    {
      type: 'ContactAdded',
      data: {
        accountId: current.id,
        contactId: command.contactId,
        title: command.title,
        preferredChannel: command.preferredChannel,
        addedAt: command.at,
        // Built field by field: nothing but these three may sit in the personal object, and they
        // may sit nowhere else (see ContactPersonalData).
        personal: { fullName: fullName.trim(), email, phone },
      },
    },
  ];
};

const updateContact = (command: UpdateContact, state: AccountState): AccountEvent[] => {
  const current = requireActive(command, state);
  const contact = requireContact(current, command.contactId);
  checkPersonal(command.personal);
  const { title, preferredChannel } = command.changes;
  const fullName = command.personal.fullName?.trim();
  const { email, phone } = command.personal;

  const changes: ContactDetailsChanges = {
    ...(title !== undefined && title !== contact.title ? { title } : {}),
    ...(preferredChannel !== undefined && preferredChannel !== contact.preferredChannel ? { preferredChannel } : {}),
  };
  const personal: ContactPersonalChanges = {
    ...(fullName !== undefined && fullName !== contact.personal.fullName ? { fullName } : {}),
    ...(email !== undefined && email !== contact.personal.email ? { email } : {}),
    ...(phone !== undefined && phone !== contact.personal.phone ? { phone } : {}),
  };
  if (Object.keys(changes).length === 0 && Object.keys(personal).length === 0) return [];
  return [
    {
      type: 'ContactUpdated',
      data: { accountId: current.id, contactId: contact.contactId, changes, personal, updatedAt: command.at },
    },
  ];
};

const removeContact = (command: RemoveContact, state: AccountState): AccountEvent[] => {
  const current = requireActive(command, state);
  const contact = requireContact(current, command.contactId);
  return [
    {
      type: 'ContactRemoved',
      data: { accountId: current.id, contactId: contact.contactId, reason: command.reason, removedAt: command.at },
    },
  ];
};

/**
 * Allowed on a merged account and for a removed contact: a person's right to be forgotten does not
 * depend on what became of the record. Erasing an erased contact appends nothing (the application
 * then only makes sure the key is gone), so a retry after a crash finishes the job.
 */
const eraseContact = (command: EraseContact, state: AccountState): AccountEvent[] => {
  if (state.status === 'initial') throw new AccountNotFoundError(command.accountId);
  const contact = contactIn(state.contacts, command.contactId);
  if (contact === undefined) throw new ContactNotFoundError(state.id, command.contactId);
  if (isBlank(command.reason)) throw new ErasureReasonRequiredError();
  if (contact.erased) return [];
  return [
    {
      type: 'ContactErased',
      data: { accountId: state.id, contactId: contact.contactId, erasedBy: command.by, reason: command.reason.trim(), erasedAt: command.at },
    },
  ];
};

export const decide = (command: AccountCommand, state: AccountState): AccountEvent[] => {
  switch (command.type) {
    case 'RegisterAccount':
      return register(command, state);
    case 'RenameAccount':
      return rename(command, state);
    case 'UpdateAccountProfile':
      return updateProfile(command, state);
    case 'MergeAccount':
      return merge(command, state);
    case 'AddContact':
      return addContact(command, state);
    case 'UpdateContact':
      return updateContact(command, state);
    case 'RemoveContact':
      return removeContact(command, state);
    case 'EraseContact':
      return eraseContact(command, state);
    default:
      return exhaustive(command);
  }
};

export const accountDecider: Decider<AccountCommand, AccountState, AccountEvent> = {
  initialState,
  decide,
  evolve,
  version: 1,
};
