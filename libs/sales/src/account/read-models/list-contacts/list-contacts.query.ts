import { Query } from '@nestjs/cqrs';
import type { Page } from '@ledger/read-store';
import type { ContactResource } from '../contact-search/contact-search.document';

export type ContactListFilter = {
  /** Words that begin words of the contact's name, e-mail or phone (case and accents ignored). */
  readonly q?: string;
  readonly accountId?: string;
  readonly limit: number;
  readonly cursor?: string;
};

/** Contacts across accounts (removed ones left out), by name. */
export class ListContactsQuery extends Query<Page<ContactResource>> {
  constructor(readonly filter: ContactListFilter) {
    super();
  }
}
