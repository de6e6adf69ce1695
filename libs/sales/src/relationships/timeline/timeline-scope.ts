import type { Filter, ReadStore } from '@ledger/read-store';
import { ACCOUNT_VIEWS, accountStream } from '../../account';
import { ACTIVITY_VIEWS, activityStream } from '../../activity';
import { OPPORTUNITY_VIEWS, opportunityStream } from '../../opportunity';
import { ORDER_VIEWS, orderStream } from '../../order';
import { QUOTE_VIEWS, quoteStream } from '../../quote';
import { TASK_VIEWS, taskStream } from '../../task';

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

/** Every opportunity that belongs, or once belonged, to one of the accounts, with its owner. */
export const opportunitiesOfAccounts = (readStore: ReadStore, accountIds: readonly string[]): Promise<Array<{ _id: string; ownerId: string }>> =>
  readStore.find(OPPORTUNITY_VIEWS, { $or: [{ accountIds: { $in: accountIds } }, { accountId: { $in: accountIds } }] }, { projection: { _id: 1, ownerId: 1 } });

/**
 * What a timeline is made of: accounts, the opportunities shown, and those of the accounts the
 * reader may not read (`hiddenOpportunityIds`), whose tasks and activities stay out even when
 * they name the account too.
 */
export type TimelineScope = { readonly accountIds: readonly string[]; readonly opportunityIds: readonly string[]; readonly hiddenOpportunityIds: readonly string[] };

/**
 * The streams whose events make up the timeline of some accounts and opportunities: the accounts'
 * own, the opportunities', and those of their quotes, orders, tasks and activities, found through
 * the views that know what belongs to what.
 */
export async function timelineStreams(readStore: ReadStore, scope: TimelineScope): Promise<string[]> {
  const opportunityIds = [...scope.opportunityIds];
  const accountIds = [...scope.accountIds];
  const ofEither = { $or: [{ opportunityId: { $in: opportunityIds } }, { accountId: { $in: accountIds } }] };
  const shown = scope.hiddenOpportunityIds.length === 0 ? ofEither : { $and: [ofEither, { opportunityId: { $nin: [...scope.hiddenOpportunityIds] } }] };
  const [quoteIds, orderIds, taskIds, activityIds] = await Promise.all([
    ids(readStore, QUOTE_VIEWS, { opportunityId: { $in: opportunityIds } }),
    ids(readStore, ORDER_VIEWS, { opportunityId: { $in: opportunityIds } }),
    ids(readStore, TASK_VIEWS, shown),
    ids(readStore, ACTIVITY_VIEWS, shown),
  ]);
  return [
    ...accountIds.map(accountStream),
    ...opportunityIds.map(opportunityStream),
    ...quoteIds.map(quoteStream),
    ...orderIds.map(orderStream),
    ...taskIds.map(taskStream),
    ...activityIds.map(activityStream),
  ];
}
