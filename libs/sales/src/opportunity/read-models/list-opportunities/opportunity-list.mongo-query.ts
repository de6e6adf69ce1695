import { ownerFilter } from '../opportunity-view/owner-filter';
import { afterCursor, type Filter, type SortSpec } from '@ledger/read-store';
import type { OpportunityListFilter } from './list-opportunities.query';

const escapeRegex = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The list filter in MongoDB syntax; keyset paging on (sort field, _id), so pages never skip or repeat. */
export function opportunityListQuery(filter: OpportunityListFilter): { filter: Filter; sort: SortSpec } {
  const and: Filter[] = [];
  if (filter.ownerIds) and.push(ownerFilter(filter.ownerIds));
  if (filter.stage) and.push({ stage: filter.stage });
  if (filter.status) and.push({ status: filter.status });
  if (filter.forecastCategory) and.push({ forecastCategory: filter.forecastCategory });
  if (filter.currency) and.push({ currency: filter.currency });
  if (filter.closeFrom) and.push({ expectedCloseDate: { $gte: filter.closeFrom } });
  if (filter.closeTo) and.push({ expectedCloseDate: { $lte: filter.closeTo } });
  if (filter.amountMin !== undefined) and.push({ amountMinor: { $gte: filter.amountMin } });
  if (filter.amountMax !== undefined) and.push({ amountMinor: { $lte: filter.amountMax } });
  if (filter.q) {
    const pattern = escapeRegex(filter.q);
    and.push({ $or: [{ title: { $regex: pattern, $options: 'i' } }, { accountName: { $regex: pattern, $options: 'i' } }] });
  }
  const direction = filter.order === 'desc' ? -1 : 1;
  if (filter.cursor) and.push(afterCursor(filter.sort, direction, filter.cursor));
  return { filter: and.length === 0 ? {} : { $and: and }, sort: { [filter.sort]: direction, _id: direction } };
}
