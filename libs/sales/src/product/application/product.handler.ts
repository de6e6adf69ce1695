import { aggregateCommandHandler, AggregateCommandMessage, aggregateStreams, type CommandContext, type CommandResult, EventStore, type WithoutTimeAndActor } from '@ledger/event-sourcing';
import { type ProductCommand, productDecider, productEvents } from '../domain';

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
