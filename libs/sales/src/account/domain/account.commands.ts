import type {
  AccountProfile,
  AccountProfileChanges,
  ContactChannel,
  ContactDetailsChanges,
  ContactPersonalChanges,
  ContactPersonalData,
} from './account.events';

/**
 * Every command names its account (the stream is `account-<accountId>`) and says when (`at`,
 * ISO-8601 instant) and by whom (`by`, user id).
 */
type CommandBase<Type extends string> = {
  readonly type: Type;
  readonly accountId: string;
  readonly at: string;
  readonly by: string;
};

export type RegisterAccount = CommandBase<'RegisterAccount'> & { readonly name: string } & AccountProfile;

export type RenameAccount = CommandBase<'RenameAccount'> & { readonly name: string };

/** Each key present sets that field (null clears it); an absent key leaves it as it is. */
export type UpdateAccountProfile = CommandBase<'UpdateAccountProfile'> & { readonly changes: AccountProfileChanges };

/**
 * This account is a duplicate of `intoAccountId`, which survives. Whether the survivor exists is for
 * the application to check; the domain only sees this account's stream.
 */
export type MergeAccount = CommandBase<'MergeAccount'> & { readonly intoAccountId: string };

export type AddContact = CommandBase<'AddContact'> & {
  readonly contactId: string;
  readonly personal: ContactPersonalData;
  readonly title: string | null;
  readonly preferredChannel: ContactChannel | null;
};

/** In both objects, each key present sets that field (null clears it); an absent key leaves it as it is. */
export type UpdateContact = CommandBase<'UpdateContact'> & {
  readonly contactId: string;
  readonly changes: ContactDetailsChanges;
  readonly personal: ContactPersonalChanges;
};

export type RemoveContact = CommandBase<'RemoveContact'> & {
  readonly contactId: string;
  readonly reason: string | null;
};

/** Forget the contact as a person (its personal data); also on a merged account and for a removed contact. */
export type EraseContact = CommandBase<'EraseContact'> & {
  readonly contactId: string;
  readonly reason: string;
};

export type AccountCommand =
  RegisterAccount | RenameAccount | UpdateAccountProfile | MergeAccount | AddContact | UpdateContact | RemoveContact | EraseContact;
