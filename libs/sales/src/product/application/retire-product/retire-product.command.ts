import { Command } from '@nestjs/cqrs';
import type { CommandContext, CommandResult } from '@ledger/event-sourcing';
import type { RetireProduct } from '../../domain';

export type RetireProductPayload = Omit<RetireProduct, 'type' | 'productCode' | 'at' | 'by'>;

export class RetireProductCommand extends Command<CommandResult> {
  constructor(
    readonly productCode: string,
    readonly payload: RetireProductPayload,
    readonly context: CommandContext,
  ) {
    super();
  }
}
