import { Command } from '@nestjs/cqrs';
import type { CommandContext, CommandResult } from '@ledger/event-sourcing';
import type { PlaceOrder } from '../../domain';

/** The approval policy is the one configured when the order is placed. */
export type PlaceOrderPayload = Omit<PlaceOrder, 'type' | 'orderId' | 'at' | 'by' | 'policy'>;

export class PlaceOrderCommand extends Command<CommandResult> {
  constructor(
    readonly orderId: string,
    readonly payload: PlaceOrderPayload,
    readonly context: CommandContext,
  ) {
    super();
  }
}
