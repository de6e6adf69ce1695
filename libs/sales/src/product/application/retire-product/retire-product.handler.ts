import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandResult, EventStore } from '@ledger/event-sourcing';
import { decideProduct } from '../product-stream';
import { RetireProductCommand } from './retire-product.command';

@CommandHandler(RetireProductCommand)
export class RetireProductHandler implements ICommandHandler<RetireProductCommand> {
  constructor(private readonly store: EventStore) {}

  execute({ productCode, payload, context }: RetireProductCommand): Promise<CommandResult> {
    return decideProduct(this.store, productCode, { type: 'RetireProduct', productCode, ...payload }, context);
  }
}
