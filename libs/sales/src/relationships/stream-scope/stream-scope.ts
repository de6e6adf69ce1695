import { type Actor, categoryOf } from '@ledger/event-sourcing';
import type { ReadStore } from '@ledger/read-store';
import { ACTIVITY_CATEGORY, ACTIVITY_VIEWS, type ActivityView, activityViewProjection } from '../../activity';
import { ORDER_CATEGORY, ORDER_VIEWS, type OrderView, orderViewProjection } from '../../order';
import { OPPORTUNITY_CATEGORY, opportunityOwnerOf, opportunityViewProjection } from '../../opportunity';
import { QUOTE_CATEGORY, QUOTE_VIEWS, type QuoteView, quoteViewProjection } from '../../quote';
import { TASK_CATEGORY, TASK_VIEWS, type TaskView, taskViewProjection } from '../../task';
import { assertMayReadRecordOf, TEAM_MEMBER_CATEGORY, teamMemberViewProjection } from '../../team';

/** The views that say whose a stream is: a read of a stream with `minPosition` waits for every one of them before its check. */
export const STREAM_SCOPE_SOURCES = [
  opportunityViewProjection.name,
  quoteViewProjection.name,
  orderViewProjection.name,
  taskViewProjection.name,
  activityViewProjection.name,
  teamMemberViewProjection.name,
];

/**
 * Who holds the record a stream is the history of, as the read models say (null: not projected yet),
 * or undefined for streams that are nobody's (accounts, contacts, products, targets, imports...),
 * which every reader of streams may read.
 */
async function holderOfStream(readStore: ReadStore, streamName: string): Promise<string | null | undefined> {
  const category = categoryOf(streamName);
  const id = streamName.slice(category.length + 1);
  switch (category) {
    case OPPORTUNITY_CATEGORY:
      return opportunityOwnerOf(readStore, id);
    case QUOTE_CATEGORY:
      return (await readStore.findOne<QuoteView>(QUOTE_VIEWS, { _id: id }))?.ownerId ?? null;
    case ORDER_CATEGORY:
      return (await readStore.findOne<OrderView>(ORDER_VIEWS, { _id: id }))?.ownerId ?? null;
    case TASK_CATEGORY:
      return (await readStore.findOne<TaskView>(TASK_VIEWS, { _id: id }))?.assigneeId ?? null;
    case ACTIVITY_CATEGORY:
      return (await readStore.findOne<ActivityView>(ACTIVITY_VIEWS, { _id: id }))?.loggedBy ?? null;
    case TEAM_MEMBER_CATEGORY:
      return id;
    default:
      return undefined;
  }
}

/** A stream's history is read where its record is: a manager with a team reads the streams of the team's records only. */
export async function assertMayReadStream(readStore: ReadStore, actor: Actor, streamName: string): Promise<void> {
  if (actor.role !== 'manager' && actor.role !== 'rep') return;
  const holder = await holderOfStream(readStore, streamName);
  if (holder !== undefined) await assertMayReadRecordOf(readStore, actor, holder);
}
