import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandResult, EventStore } from '@ledger/event-sourcing';
import { decideOrder } from '../order-stream';
import { ApproveOrderCommand } from './approve-order.command';

@CommandHandler(ApproveOrderCommand)
export class ApproveOrderHandler implements ICommandHandler<ApproveOrderCommand> {
  constructor(private readonly store: EventStore) {}

  execute({ orderId, payload, context }: ApproveOrderCommand): Promise<CommandResult> {
    return decideOrder(this.store, orderId, { type: 'ApproveOrder', orderId, ...payload }, context);
  }
}
