import { Command } from '@nestjs/cqrs';
import type { CommandContext, CommandResult } from '@ledger/event-sourcing';
import type { FulfilOrder } from '../../domain';

export type FulfilOrderPayload = Omit<FulfilOrder, 'type' | 'orderId' | 'at' | 'by'>;

export class FulfilOrderCommand extends Command<CommandResult> {
  constructor(
    readonly orderId: string,
    readonly payload: FulfilOrderPayload,
    readonly context: CommandContext,
  ) {
    super();
  }
}
