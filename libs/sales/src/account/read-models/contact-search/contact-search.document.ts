import type { ContactChannel } from '../../domain';

/**
 * One document per contact, across accounts, kept by the account-views projection next to the
 * accounts (so its account name is copied in the same commit). Personal data and the keys made of
 * it are rebuilt from the log like any view, so forgetting a person reaches this one too.
 */
export const CONTACT_SEARCH = 'contact_search';

export type ContactSearchDocument = {
  readonly _id: string;
  readonly _revision: number;
  readonly accountId: string;
  readonly accountName: string | null;
  readonly fullName: string;
  readonly email: string | null;
  readonly phone: string | null;
  readonly title: string | null;
  readonly preferredChannel: ContactChannel | null;
  readonly addedAt: string;
  readonly removed: boolean;
  /** The person was erased: the personal fields read "[erased]" and no search key is left. */
  readonly erased?: true;
  /** The name as lists sort it: lower case, accents dropped. */
  readonly sortName: string;
  /** Search keys of each field apart, since an update carries only the fields that changed. */
  readonly nameKeys: readonly string[];
  readonly emailKeys: readonly string[];
  readonly phoneKeys: readonly string[];
  readonly updatedAt: string;
};

/** A contact as GET /contacts answers it. */
export type ContactResource = Pick<ContactSearchDocument, 'accountId' | 'accountName' | 'fullName' | 'email' | 'phone' | 'title' | 'preferredChannel' | 'addedAt'> & {
  readonly id: string;
  readonly erased?: true;
};

export const toContactResource = (document: ContactSearchDocument): ContactResource => ({
  id: document._id,
  accountId: document.accountId,
  accountName: document.accountName,
  fullName: document.fullName,
  email: document.email,
  phone: document.phone,
  title: document.title,
  preferredChannel: document.preferredChannel,
  addedAt: document.addedAt,
  ...(document.erased === true ? { erased: true } : {}),
});
