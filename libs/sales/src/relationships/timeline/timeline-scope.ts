import type { Filter, ReadStore } from '@ledger/read-store';
import { ACCOUNT_VIEWS } from '../../account';
import { ACTIVITY_VIEWS } from '../../activity';
import { OPPORTUNITY_VIEWS } from '../../opportunity';
import { ORDER_VIEWS } from '../../order';
import { QUOTE_VIEWS } from '../../quote';
import { TASK_VIEWS } from '../../task';

type Ids = { _id: string };
const ID_ONLY = { projection: { _id: 1 as const } };
const MAX_MERGE_DEPTH = 20;

const ids = async (readStore: ReadStore, collection: string, filter: Filter): Promise<string[]> =>
  (await readStore.find<Ids>(collection, filter, ID_ONLY)).map((document) => document._id);

/** The account and every account merged into it, through any chain of merges. */
export async function accountFamily(readStore: ReadStore, accountId: string): Promise<string[]> {
  const family = [accountId];
  let level = [accountId];
  for (let depth = 0; level.length > 0 && depth < MAX_MERGE_DEPTH; depth += 1) {
    level = (await ids(readStore, ACCOUNT_VIEWS, { mergedInto: { $in: level } })).filter((id) => !family.includes(id));
    family.push(...level);
  }
  return family;
}

/** Every opportunity that belongs, or once belonged, to one of the accounts. */
export const opportunitiesOfAccounts = (readStore: ReadStore, accountIds: readonly string[]): Promise<string[]> =>
  ids(readStore, OPPORTUNITY_VIEWS, { $or: [{ accountIds: { $in: accountIds } }, { accountId: { $in: accountIds } }] });

/**
 * The timeline entries of some opportunities (their quotes, orders and tasks included) and of some
 * accounts (what was logged against them directly). Entries name only their own record, so the
 * records are collected first, through the views that know what belongs to what.
 */
export async function timelineFilter(readStore: ReadStore, scope: { accountIds: readonly string[]; opportunityIds: readonly string[] }): Promise<Filter> {
  const opportunityIds = [...scope.opportunityIds];
  const accountIds = [...scope.accountIds];
  const ofEither = { $or: [{ opportunityId: { $in: opportunityIds } }, { accountId: { $in: accountIds } }] };
  const [quoteIds, orderIds, taskIds, activityIds] = await Promise.all([
    ids(readStore, QUOTE_VIEWS, { opportunityId: { $in: opportunityIds } }),
    ids(readStore, ORDER_VIEWS, { opportunityId: { $in: opportunityIds } }),
    ids(readStore, TASK_VIEWS, ofEither),
    // Corrections name only their activity.
    ids(readStore, ACTIVITY_VIEWS, ofEither),
  ]);
  return {
    $or: [
      { opportunityId: { $in: opportunityIds } },
      { accountId: { $in: accountIds } },
      { quoteId: { $in: quoteIds } },
      { orderId: { $in: orderIds } },
      { taskId: { $in: taskIds } },
      { activityId: { $in: activityIds } },
    ],
  };
}
