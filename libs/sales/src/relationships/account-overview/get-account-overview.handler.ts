import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { ReadStore } from '@ledger/read-store';
import { ACCOUNT_VIEWS, type AccountView } from '../../account';
import { ACTIVITY_VIEWS, type ActivityView } from '../../activity';
import { OPPORTUNITY_VIEWS, type OpportunityView } from '../../opportunity';
import { accountFamily } from '../timeline/timeline-scope';
import { sumByCurrency } from '../amounts-by-currency';
import type { AccountOverview } from './account-overview';
import { GetAccountOverviewQuery } from './get-account-overview.query';

type Deal = Pick<OpportunityView, '_id' | 'status' | 'amountMinor' | 'currency'>;

/**
 * Joined at query time from per-record views (design note 6): the account family's view documents,
 * the opportunities now on the account (a merge moved the merged accounts' ones here), and the
 * newest activity logged against the account or one of those opportunities.
 */
@QueryHandler(GetAccountOverviewQuery)
export class GetAccountOverviewHandler implements IQueryHandler<GetAccountOverviewQuery> {
  constructor(private readonly readStore: ReadStore) {}

  async execute({ accountId }: GetAccountOverviewQuery): Promise<AccountOverview | null> {
    const account = await this.readStore.findOne<AccountView>(ACCOUNT_VIEWS, { _id: accountId });
    if (!account) return null;
    const family = account.status === 'active' ? await accountFamily(this.readStore, accountId) : [accountId];
    const merged = family.length > 1 ? await this.readStore.find<AccountView>(ACCOUNT_VIEWS, { _id: { $in: family.slice(1) } }) : [];
    const deals = await this.readStore.find<Deal>(
      OPPORTUNITY_VIEWS,
      { accountId: { $in: family } },
      { projection: { status: 1, amountMinor: 1, currency: 1 } },
    );
    const open = deals.filter((deal) => deal.status === 'open');
    const [last] = await this.readStore.find<ActivityView>(
      ACTIVITY_VIEWS,
      { $or: [{ accountId: { $in: family } }, { opportunityId: { $in: deals.map((deal) => deal._id) } }] },
      { sort: { occurredAt: -1 }, limit: 1 },
    );
    const contacts = [account, ...merged].flatMap((owner) =>
      owner.contactIds.map((id) => ({ ...owner.contacts[id], accountId: owner._id })).filter((contact) => !contact.removed),
    );
    return {
      id: account._id,
      name: account.name,
      sector: account.sector,
      yearEstablished: account.yearEstablished,
      annualRevenue: account.annualRevenue,
      employees: account.employees,
      officeLocation: account.officeLocation,
      parentAccountId: account.parentAccountId,
      status: account.status,
      mergedInto: account.mergedInto,
      mergedAccounts: merged.map((other) => ({ id: other._id, name: other.name, mergedAt: other.mergedAt })),
      contacts,
      openPipeline: sumByCurrency(open),
      openOpportunities: open.length,
      wonRevenue: sumByCurrency(deals.filter((deal) => deal.status === 'won')),
      lastActivity: last ? { id: last._id, kind: last.kind, subject: last.subject, occurredAt: last.occurredAt } : null,
      revision: account._revision,
      updatedAt: account.updatedAt,
    };
  }
}
