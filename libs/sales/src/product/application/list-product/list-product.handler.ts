import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandResult, EventStore } from '@ledger/event-sourcing';
import { decideProduct } from '../product-stream';
import { ListProductCommand } from './list-product.command';

@CommandHandler(ListProductCommand)
export class ListProductHandler implements ICommandHandler<ListProductCommand> {
  constructor(private readonly store: EventStore) {}

  execute({ productCode, payload, context }: ListProductCommand): Promise<CommandResult> {
    return decideProduct(this.store, productCode, { type: 'ListProduct', productCode, ...payload }, context);
  }
}
