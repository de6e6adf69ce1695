import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandResult, EventStore } from '@ledger/event-sourcing';
import { decideProduct } from '../product-stream';
import { ChangeListPriceCommand } from './change-list-price.command';

@CommandHandler(ChangeListPriceCommand)
export class ChangeListPriceHandler implements ICommandHandler<ChangeListPriceCommand> {
  constructor(private readonly store: EventStore) {}

  execute({ productCode, payload, context }: ChangeListPriceCommand): Promise<CommandResult> {
    return decideProduct(this.store, productCode, { type: 'ChangeListPrice', productCode, ...payload }, context);
  }
}
