import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandResult, EventStore } from '@ledger/event-sourcing';
import { decideOrder } from '../order-stream';
import { RejectOrderCommand } from './reject-order.command';

@CommandHandler(RejectOrderCommand)
export class RejectOrderHandler implements ICommandHandler<RejectOrderCommand> {
  constructor(private readonly store: EventStore) {}

  execute({ orderId, payload, context }: RejectOrderCommand): Promise<CommandResult> {
    return decideOrder(this.store, orderId, { type: 'RejectOrder', orderId, ...payload }, context);
  }
}
