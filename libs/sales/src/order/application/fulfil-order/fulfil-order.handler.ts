import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandResult, EventStore } from '@ledger/event-sourcing';
import { decideOrder } from '../order-stream';
import { FulfilOrderCommand } from './fulfil-order.command';

@CommandHandler(FulfilOrderCommand)
export class FulfilOrderHandler implements ICommandHandler<FulfilOrderCommand> {
  constructor(private readonly store: EventStore) {}

  execute({ orderId, payload, context }: FulfilOrderCommand): Promise<CommandResult> {
    return decideOrder(this.store, orderId, { type: 'FulfilOrder', orderId, ...payload }, context);
  }
}
