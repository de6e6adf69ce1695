import { searchWords } from '../../../account';
import { ownerFilter } from '../opportunity-view/owner-filter';
import { afterSortKey, decodeSortedCursor, type Filter, type SortSpec } from '@ledger/read-store';
import { LIST_SORT_FIELDS, type OpportunityListFilter } from './list-opportunities.query';

/** Words that begin with `word`: a range over the elements of a words array, which a multikey index answers on both stores. */
const beginning = (word: string): Filter => ({ $elemMatch: { $gte: word, $lt: `${word}\uffff` } });

/** The sort fields that hold numbers; every other one holds text (titles, dates, instants). */
const NUMBER_FIELDS = new Set(['amountMinor', 'probability']);

/** The name a cursor carries for the order it belongs to: `-amount`, `title`. */
export const sortName = (filter: Pick<OpportunityListFilter, 'sort' | 'order'>): string => `${filter.order === 'desc' ? '-' : ''}${filter.sort}`;

/** The list filter in MongoDB syntax; keyset paging on (sort field, _id), so pages never skip or repeat. */
export function opportunityListQuery(filter: OpportunityListFilter): { filter: Filter; sort: SortSpec; field: string } {
  const and: Filter[] = [];
  if (filter.ownerIds) and.push(ownerFilter(filter.ownerIds));
  if (filter.accountId) and.push({ accountId: filter.accountId });
  if (filter.stage) and.push({ stage: filter.stage });
  if (filter.status) and.push({ status: filter.status });
  if (filter.forecastCategory) and.push({ forecastCategory: filter.forecastCategory });
  if (filter.currency) and.push({ currency: filter.currency });
  if (filter.closeFrom) and.push({ expectedCloseDate: { $gte: filter.closeFrom } });
  if (filter.closeTo) and.push({ expectedCloseDate: { $lte: filter.closeTo } });
  if (filter.amountMin !== undefined) and.push({ amountMinor: { $gte: filter.amountMin } });
  if (filter.amountMax !== undefined) and.push({ amountMinor: { $lte: filter.amountMax } });
  if (filter.q !== undefined) {
    // Every word of the search begins a word of the title or of the account's name (accents and case aside); a search without words finds nothing, as on /accounts.
    const words = searchWords(filter.q);
    if (words.length === 0) and.push({ _id: { $in: [] } });
    for (const word of words) and.push({ $or: [{ titleWords: beginning(word) }, { accountWords: beginning(word) }] });
  }
  const field = LIST_SORT_FIELDS[filter.sort];
  const direction = filter.order === 'desc' ? -1 : 1;
  if (filter.cursor) {
    const after = decodeSortedCursor(filter.cursor, sortName(filter), NUMBER_FIELDS.has(field) ? 'number' : 'string');
    and.push(afterSortKey(field, direction, after.value, after.id));
  }
  return { filter: and.length === 0 ? {} : { $and: and }, sort: { [field]: direction, _id: direction }, field };
}
