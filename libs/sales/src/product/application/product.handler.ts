import { aggregateCommandHandler, AggregateCommandMessage, aggregateStreams, type CommandContext, type CommandResult, EventStore, type Position, type WithoutTimeAndActor } from '@ledger/event-sourcing';
import { type ProductCommand, productDecider, productEvents, type ProductState } from '../domain';

/** A product's stream is named by its code (`product-GTX-PRO`): codes are stable and unique. */
const products = aggregateStreams('product', productDecider, productEvents);

export const PRODUCT_CATEGORY = products.category;
export const productStream = products.stream;
export const loadProduct = products.load;

/** load → decide → append for any product command. */
export const handleProduct = (store: EventStore, command: WithoutTimeAndActor<ProductCommand>, context: CommandContext): Promise<CommandResult> =>
  products.handle(store, command.productCode, command, context);

/** Any product command, carried on the bus. */
export class ProductCommandMessage extends AggregateCommandMessage<ProductCommand> {}

export const ProductHandler = aggregateCommandHandler(ProductCommandMessage, handleProduct);

/**
 * The codes of the products in the catalogue (listed, not retired), folded from their own streams:
 * the command side's record, so a start-up that has just listed the seed sees it whatever the views.
 */
export async function catalogueCodes(store: EventStore): Promise<string[]> {
  const states = new Map<string, ProductState>();
  const page = 1000;
  for (let after: Position | undefined; ; ) {
    const events = await store.readCategory(PRODUCT_CATEGORY, { after, maxCount: page });
    for (const event of events) states.set(event.streamName, productDecider.evolve(states.get(event.streamName) ?? productDecider.initialState(), productEvents.decode(event)));
    if (events.length < page) break;
    after = events[events.length - 1].position;
  }
  return [...states.values()].flatMap((state) => (state.status === 'active' ? [state.code] : [])).sort();
}
