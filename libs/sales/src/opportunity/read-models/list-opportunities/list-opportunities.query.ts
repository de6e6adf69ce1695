import { Query } from '@nestjs/cqrs';
import type { OpportunityResource } from '../opportunity-view/opportunity-resource';
import type { ForecastCategory, Stage } from '../../domain';

/** What a list sorts by, as a client names it, and the view field (indexed, with `_id`) it walks. */
export const LIST_SORT_FIELDS = {
  amount: 'amountMinor',
  expectedCloseDate: 'expectedCloseDate',
  probability: 'probability',
  updatedAt: 'updatedAt',
  openedAt: 'openedAt',
  title: 'title',
} as const;
export type ListSortField = keyof typeof LIST_SORT_FIELDS;
/** Every sort a client may send: a field, ascending, or `-` and the field, descending. */
export const LIST_SORTS = (Object.keys(LIST_SORT_FIELDS) as ListSortField[]).flatMap((field) => [field, `-${field}`]);

export type OpportunityListFilter = {
  /** Only these owners' opportunities (a manager's team, or one owner). */
  readonly ownerIds?: readonly string[];
  /** Only those that belong to this account now. */
  readonly accountId?: string;
  readonly stage?: Stage;
  readonly status?: 'open' | 'won' | 'lost';
  readonly forecastCategory?: ForecastCategory;
  readonly closeFrom?: string;
  readonly closeTo?: string;
  readonly amountMin?: number;
  readonly amountMax?: number;
  readonly currency?: string;
  /** Case-insensitive text in the title or the account name. */
  readonly q?: string;
  readonly sort: ListSortField;
  readonly order: 'asc' | 'desc';
  readonly limit: number;
  readonly cursor?: string;
};

/** A list item leaves out the stage history (the details have it). */
export type OpportunityListItem = Omit<OpportunityResource, 'stageHistory'>;
export type OpportunityPage = { readonly items: OpportunityListItem[]; readonly nextCursor: string | null };

export class ListOpportunitiesQuery extends Query<OpportunityPage> {
  constructor(readonly filter: OpportunityListFilter) {
    super();
  }
}
