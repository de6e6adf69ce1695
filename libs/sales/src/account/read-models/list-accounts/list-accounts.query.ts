import { Query } from '@nestjs/cqrs';
import type { Page } from '@ledger/read-store';
import type { AccountSummary } from './account-summary';

export const ACCOUNT_LIST_STATUSES = ['active', 'merged', 'all'] as const;

export type AccountListStatus = (typeof ACCOUNT_LIST_STATUSES)[number];

export type AccountListFilter = {
  /** Words that begin words of the name, or of a contact's name, e-mail or phone (case and accents ignored). */
  readonly q?: string;
  /** Whether `q` also finds accounts by their contacts' personal data: not for analysts, who must not probe for people. True unless given. */
  readonly searchContacts?: boolean;
  readonly sector?: string;
  /** 'active' unless given. */
  readonly status?: AccountListStatus;
  /** 50 unless given; at most 200. */
  readonly limit?: number;
  readonly cursor?: string;
};

/** Accounts by name, A to Z. */
export class ListAccountsQuery extends Query<Page<AccountSummary>> {
  constructor(readonly filter: AccountListFilter) {
    super();
  }
}
