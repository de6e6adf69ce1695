import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandResult, EventStore } from '@ledger/event-sourcing';
import { decideOrder } from '../order-stream';
import { ChangeOrderLineQuantityCommand } from './change-order-line-quantity.command';

@CommandHandler(ChangeOrderLineQuantityCommand)
export class ChangeOrderLineQuantityHandler implements ICommandHandler<ChangeOrderLineQuantityCommand> {
  constructor(private readonly store: EventStore) {}

  execute({ orderId, payload, context }: ChangeOrderLineQuantityCommand): Promise<CommandResult> {
    return decideOrder(this.store, orderId, { type: 'ChangeOrderLineQuantity', orderId, ...payload }, context);
  }
}
