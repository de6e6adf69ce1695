import { Query } from '@nestjs/cqrs';
import type { Page } from '@ledger/read-store';
import type { QuoteStatus } from '../../domain';
import type { QuoteResource } from '../quote-view/quote-resource';

export type QuoteListFilter = {
  readonly opportunityId?: string;
  /** The owners whose opportunities' quotes the caller may list (a rep: only themselves; a manager with a team: the team's); absent: everyone's. */
  readonly ownerIds?: readonly string[];
  readonly status?: Exclude<QuoteStatus, 'initial'>;
  readonly limit: number;
  readonly cursor?: string;
};

/** Newest drafts first. */
export class ListQuotesQuery extends Query<Page<QuoteResource>> {
  constructor(readonly filter: QuoteListFilter) {
    super();
  }
}
