import { Command } from '@nestjs/cqrs';
import type { CommandContext, CommandResult } from '@ledger/event-sourcing';
import type { CancelOrder } from '../../domain';

export type CancelOrderPayload = Omit<CancelOrder, 'type' | 'orderId' | 'at' | 'by'>;

export class CancelOrderCommand extends Command<CommandResult> {
  constructor(
    readonly orderId: string,
    readonly payload: CancelOrderPayload,
    readonly context: CommandContext,
  ) {
    super();
  }
}
