import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { type Filter, findPage, type Page, ReadStore } from '@ledger/read-store';
import { CONTACT_SEARCH, type ContactResource, type ContactSearchDocument, toContactResource } from '../contact-search/contact-search.document';
import { contactsWithWords } from '../contact-search/search-filters';
import { searchWords } from '../contact-search/search-keys';
import { ListContactsQuery } from './list-contacts.query';

@QueryHandler(ListContactsQuery)
export class ListContactsHandler implements IQueryHandler<ListContactsQuery> {
  constructor(private readonly readStore: ReadStore) {}

  async execute({ filter }: ListContactsQuery): Promise<Page<ContactResource>> {
    const filters: Filter[] = [{ removed: false }];
    if (filter.accountId) filters.push({ accountId: filter.accountId });
    if (filter.q !== undefined) {
      const words = searchWords(filter.q);
      if (words.length === 0) return { items: [], nextCursor: null };
      filters.push(contactsWithWords(words));
    }
    const page = await findPage<ContactSearchDocument>(this.readStore, CONTACT_SEARCH, filters, {
      field: 'sortName',
      direction: 1,
      limit: filter.limit,
      cursor: filter.cursor,
    });
    return { items: page.items.map(toContactResource), nextCursor: page.nextCursor };
  }
}
