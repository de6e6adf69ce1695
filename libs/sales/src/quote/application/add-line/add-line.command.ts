import { Command } from '@nestjs/cqrs';
import type { CommandContext, CommandResult } from '@ledger/event-sourcing';

export type AddLinePayload = {
  readonly lineId: string;
  readonly productCode: string;
  readonly quantity: number;
  /** The product's list price in the quote's currency when absent. */
  readonly unitPriceMinor?: number;
  readonly discountBasisPoints?: number;
  /** The product's name when absent. */
  readonly description?: string;
};

export class AddLineCommand extends Command<CommandResult> {
  constructor(
    readonly quoteId: string,
    readonly payload: AddLinePayload,
    readonly context: CommandContext,
  ) {
    super();
  }
}
