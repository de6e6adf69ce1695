import { Command } from '@nestjs/cqrs';
import type { CommandContext, CommandResult } from '@ledger/event-sourcing';
import type { ChangeOrderLineQuantity } from '../../domain';

export type ChangeOrderLineQuantityPayload = Omit<ChangeOrderLineQuantity, 'type' | 'orderId' | 'at' | 'by'>;

export class ChangeOrderLineQuantityCommand extends Command<CommandResult> {
  constructor(
    readonly orderId: string,
    readonly payload: ChangeOrderLineQuantityPayload,
    readonly context: CommandContext,
  ) {
    super();
  }
}
