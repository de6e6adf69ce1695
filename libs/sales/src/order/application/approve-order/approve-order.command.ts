import { Command } from '@nestjs/cqrs';
import type { CommandContext, CommandResult } from '@ledger/event-sourcing';
import type { ApproveOrder } from '../../domain';

export type ApproveOrderPayload = Omit<ApproveOrder, 'type' | 'orderId' | 'at' | 'by'>;

export class ApproveOrderCommand extends Command<CommandResult> {
  constructor(
    readonly orderId: string,
    readonly payload: ApproveOrderPayload,
    readonly context: CommandContext,
  ) {
    super();
  }
}
