import { Query } from '@nestjs/cqrs';
import type { AccountOverview } from './account-overview';

/** One account with its contacts, open pipeline, won revenue and last activity; null if unknown. */
export class GetAccountOverviewQuery extends Query<AccountOverview | null> {
  constructor(readonly accountId: string) {
    super();
  }
}
