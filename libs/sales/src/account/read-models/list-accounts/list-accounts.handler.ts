import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { type Filter, findPage, type Page, ReadStore } from '@ledger/read-store';
import { ACCOUNT_VIEWS, type AccountView } from '../account-view/account-view.document';
import { type AccountSummary, toAccountSummary } from './account-summary';
import { ListAccountsQuery } from './list-accounts.query';

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 200;

const escapeRegex = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

@QueryHandler(ListAccountsQuery)
export class ListAccountsHandler implements IQueryHandler<ListAccountsQuery> {
  constructor(private readonly readStore: ReadStore) {}

  async execute({ filter }: ListAccountsQuery): Promise<Page<AccountSummary>> {
    const filters: Filter[] = [];
    const status = filter.status ?? 'active';
    if (status !== 'all') filters.push({ status });
    if (filter.sector) filters.push({ sector: filter.sector });
    // nameKey is the name in lower case with its spaces collapsed: so is the text looked for.
    if (filter.q) filters.push({ nameKey: { $regex: escapeRegex(filter.q.replace(/\s+/g, ' ').toLowerCase()) } });
    const page = await findPage<AccountView>(this.readStore, ACCOUNT_VIEWS, filters, {
      field: 'name',
      direction: 1,
      limit: Math.min(Math.max(filter.limit ?? DEFAULT_LIMIT, 1), MAX_LIMIT),
      cursor: filter.cursor,
    });
    return { items: page.items.map(toAccountSummary), nextCursor: page.nextCursor };
  }
}
