import {
  type Actor,
  type CommandContext,
  type CommandResult,
  type EventStore,
  handleCommand,
  stamped,
  streamName,
  type WithoutTimeAndActor,
} from '@ledger/event-sourcing';
import { assertMayActFor, loadOpportunity } from '../../opportunity';
import { type OrderCommand, orderDecider, type OrderState } from '../domain';

export const ORDER_CATEGORY = 'order';

export const orderStream = (orderId: string): string => streamName(ORDER_CATEGORY, orderId);

/** A rep acts on the orders of their own opportunities. */
const mayActOnOrder =
  (store: EventStore, actor: Actor) =>
  async (state: OrderState): Promise<void> => {
    if (actor.role !== 'rep' || state.status === 'initial') return;
    const opportunity = await loadOpportunity(store, state.opportunityId);
    if (opportunity.status !== 'initial') assertMayActFor(actor, opportunity.ownerId, 'orders');
  };

export const decideOrder = (
  store: EventStore,
  orderId: string,
  command: WithoutTimeAndActor<OrderCommand>,
  context: CommandContext,
): Promise<CommandResult> =>
  handleCommand(store, orderDecider, orderStream(orderId), stamped<OrderCommand>(command, context), context, {
    authorize: mayActOnOrder(store, context.actor),
  });
