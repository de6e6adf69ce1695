import { type Actor, aggregateCommandHandler, AggregateCommandMessage, aggregateStreams, type CommandContext, type CommandResult, EventStore, type WithoutTimeAndActor } from '@ledger/event-sourcing';
import { assertMayActFor, loadOpportunity } from '../../opportunity';
import { type OrderCommand, orderDecider, orderEvents, type OrderState } from '../domain';

const orders = aggregateStreams('order', orderDecider, orderEvents);

export const ORDER_CATEGORY = orders.category;
export const orderStream = orders.stream;

/** A rep acts on the orders of their own opportunities. */
const mayActOnOrder =
  (store: EventStore, actor: Actor) =>
  async (state: OrderState): Promise<void> => {
    if (actor.role !== 'rep' || state.status === 'initial') return;
    const opportunity = await loadOpportunity(store, state.opportunityId);
    if (opportunity.status !== 'initial') assertMayActFor(actor, opportunity.ownerId, 'orders');
  };

/** load → authorize → decide → append, for any order command. */
export const handleOrder = (
  store: EventStore,
  command: WithoutTimeAndActor<OrderCommand>,
  context: CommandContext,
): Promise<CommandResult> => orders.handle(store, command.orderId, command, context, { authorize: mayActOnOrder(store, context.actor) });

/** Any order command, carried on the bus. */
export class OrderCommandMessage extends AggregateCommandMessage<OrderCommand> {}

export const OrderHandler = aggregateCommandHandler(OrderCommandMessage, handleOrder);
