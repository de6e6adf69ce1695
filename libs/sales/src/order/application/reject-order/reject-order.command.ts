import { Command } from '@nestjs/cqrs';
import type { CommandContext, CommandResult } from '@ledger/event-sourcing';
import type { RejectOrder } from '../../domain';

export type RejectOrderPayload = Omit<RejectOrder, 'type' | 'orderId' | 'at' | 'by'>;

export class RejectOrderCommand extends Command<CommandResult> {
  constructor(
    readonly orderId: string,
    readonly payload: RejectOrderPayload,
    readonly context: CommandContext,
  ) {
    super();
  }
}
