import { Command } from '@nestjs/cqrs';
import type { CommandContext, CommandResult } from '@ledger/event-sourcing';
import type { ChangeListPrice } from '../../domain';

export type ChangeListPricePayload = Omit<ChangeListPrice, 'type' | 'productCode' | 'at' | 'by'>;

export class ChangeListPriceCommand extends Command<CommandResult> {
  constructor(
    readonly productCode: string,
    readonly payload: ChangeListPricePayload,
    readonly context: CommandContext,
  ) {
    super();
  }
}
