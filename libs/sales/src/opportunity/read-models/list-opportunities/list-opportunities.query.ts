import { Query } from '@nestjs/cqrs';
import type { OpportunityView } from '../opportunity-view/opportunity-view.document';
import type { ForecastCategory, Stage } from '../../domain';

export const LIST_SORT_FIELDS = ['expectedCloseDate', 'openedAt', 'updatedAt', 'title'] as const;
export type ListSortField = (typeof LIST_SORT_FIELDS)[number];

export type OpportunityListFilter = {
  /** Only these owners' opportunities (a manager's team, or one owner). */
  readonly ownerIds?: readonly string[];
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

export type OpportunityPage = { readonly items: OpportunityView[]; readonly nextCursor: string | null };

export class ListOpportunitiesQuery extends Query<OpportunityPage> {
  constructor(readonly filter: OpportunityListFilter) {
    super();
  }
}
