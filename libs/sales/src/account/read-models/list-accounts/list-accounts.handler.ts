import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { type Filter, findPage, type Page, ReadStore } from '@ledger/read-store';
import { ACCOUNT_VIEWS, type AccountView } from '../account-view/account-view.document';
import { CONTACT_SEARCH, type ContactSearchDocument } from '../contact-search/contact-search.document';
import { contactsWithWords } from '../contact-search/search-filters';
import { searchWords } from '../contact-search/search-keys';
import { type AccountSummary, toAccountSummary } from './account-summary';
import { ListAccountsQuery } from './list-accounts.query';

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 200;

/** How many matching contacts' accounts a search adds at most (a word as common as "a" stops there). */
const MAX_CONTACT_MATCHES = 1000;

@QueryHandler(ListAccountsQuery)
export class ListAccountsHandler implements IQueryHandler<ListAccountsQuery> {
  constructor(private readonly readStore: ReadStore) {}

  async execute({ filter }: ListAccountsQuery): Promise<Page<AccountSummary>> {
    const filters: Filter[] = [];
    const status = filter.status ?? 'active';
    if (status !== 'all') filters.push({ status });
    if (filter.sector) filters.push({ sector: filter.sector });
    if (filter.q !== undefined) {
      const words = searchWords(filter.q);
      if (words.length === 0) return { items: [], nextCursor: null };
      const byName = { $and: words.map((word) => ({ searchKeys: word })) };
      if (filter.searchContacts === false) filters.push(byName);
      else {
        const contacts = await this.readStore.find<ContactSearchDocument>(CONTACT_SEARCH, { $and: [{ removed: false }, contactsWithWords(words)] }, {
          projection: { accountId: 1 },
          limit: MAX_CONTACT_MATCHES,
        });
        const byContact = [...new Set(contacts.map((contact) => contact.accountId))];
        filters.push({ $or: [byName, { _id: { $in: byContact } }] });
      }
    }
    const page = await findPage<AccountView>(this.readStore, ACCOUNT_VIEWS, filters, {
      field: 'name',
      direction: 1,
      limit: Math.min(Math.max(filter.limit ?? DEFAULT_LIMIT, 1), MAX_LIMIT),
      cursor: filter.cursor,
    });
    return { items: page.items.map(toAccountSummary), nextCursor: page.nextCursor };
  }
}
