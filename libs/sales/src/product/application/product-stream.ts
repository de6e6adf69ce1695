import {
  type CommandContext,
  type CommandResult,
  type EventStore,
  handleCommand,
  loadState,
  stamped,
  streamName,
  type WithoutTimeAndActor,
} from '@ledger/event-sourcing';
import { type ProductCommand, productDecider, type ProductState } from '../domain';

export const PRODUCT_CATEGORY = 'product';

/** A product's stream is named by its code (`product-GTX-PRO`): codes are stable and unique. */
export const productStream = (productCode: string): string => streamName(PRODUCT_CATEGORY, productCode);

export const loadProduct = (store: EventStore, productCode: string): Promise<ProductState> =>
  loadState(store, productDecider, productStream(productCode));

export const decideProduct = (
  store: EventStore,
  productCode: string,
  command: WithoutTimeAndActor<ProductCommand>,
  context: CommandContext,
): Promise<CommandResult> =>
  handleCommand(store, productDecider, productStream(productCode), stamped<ProductCommand>(command, context), context);
