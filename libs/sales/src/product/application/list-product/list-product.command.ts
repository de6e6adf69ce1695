import { Command } from '@nestjs/cqrs';
import type { CommandContext, CommandResult } from '@ledger/event-sourcing';
import type { ListProduct } from '../../domain';

export type ListProductPayload = Omit<ListProduct, 'type' | 'productCode' | 'at' | 'by'>;

export class ListProductCommand extends Command<CommandResult> {
  constructor(
    readonly productCode: string,
    readonly payload: ListProductPayload,
    readonly context: CommandContext,
  ) {
    super();
  }
}
