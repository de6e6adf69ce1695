import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandResult, EventStore } from '@ledger/event-sourcing';
import { APP_CONFIG, type AppConfig } from '@ledger/platform';
import { decideOrder } from '../order-stream';
import { PlaceOrderCommand } from './place-order.command';

@CommandHandler(PlaceOrderCommand)
export class PlaceOrderHandler implements ICommandHandler<PlaceOrderCommand> {
  constructor(
    private readonly store: EventStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  execute({ orderId, payload, context }: PlaceOrderCommand): Promise<CommandResult> {
    const { version, maxOrderTotalMinor } = this.config.approvals;
    const policy = { version, maxTotalMinor: maxOrderTotalMinor };
    return decideOrder(this.store, orderId, { type: 'PlaceOrder', orderId, ...payload, policy }, context);
  }
}
