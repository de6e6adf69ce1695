import type { EventStore } from '@ledger/event-sourcing';
import { type Historical, type ReadStore, recordAsOf } from '@ledger/read-store';
import { accountStream, accountViewProjection } from '../../account';
import { ACTIVITY_VIEWS, activityStream, activityViewProjection } from '../../activity';
import { opportunityStream, opportunityViewProjection } from '../../opportunity';
import { accountFamily, opportunitiesOfAccounts } from '../timeline/timeline-scope';
import type { AccountOverview } from './account-overview';
import { GetAccountOverviewHandler } from './get-account-overview.handler';
import { GetAccountOverviewQuery } from './get-account-overview.query';

/**
 * An account's overview as the system knew it at an instant. It joins the account, the accounts
 * merged into it, their deals and their activities: today's read models name every stream that
 * may have touched it (merges and moves only ever add to those lists), and folding them up to the
 * instant gives each its state then, so whatever had not happened yet simply is not there.
 */
export async function accountOverviewAsOf(
  eventStore: EventStore,
  readStore: ReadStore,
  accountId: string,
  instant: Date,
): Promise<Historical<AccountOverview> | null> {
  const family = await accountFamily(readStore, accountId);
  const deals = (await opportunitiesOfAccounts(readStore, family)).map((deal) => deal._id);
  const activities = await readStore.find<{ _id: string }>(
    ACTIVITY_VIEWS,
    { $or: [{ accountId: { $in: family } }, { opportunityId: { $in: deals } }] },
    { projection: { _id: 1 } },
  );
  const streams = [...family.map(accountStream), ...deals.map(opportunityStream), ...activities.map((activity) => activityStream(activity._id))];
  return recordAsOf(eventStore, [accountViewProjection, opportunityViewProjection, activityViewProjection], streams, instant, (store) =>
    new GetAccountOverviewHandler(store).execute(new GetAccountOverviewQuery(accountId)),
  );
}
