import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandResult, EventStore } from '@ledger/event-sourcing';
import { decideOrder } from '../order-stream';
import { CancelOrderCommand } from './cancel-order.command';

@CommandHandler(CancelOrderCommand)
export class CancelOrderHandler implements ICommandHandler<CancelOrderCommand> {
  constructor(private readonly store: EventStore) {}

  execute({ orderId, payload, context }: CancelOrderCommand): Promise<CommandResult> {
    return decideOrder(this.store, orderId, { type: 'CancelOrder', orderId, ...payload }, context);
  }
}
