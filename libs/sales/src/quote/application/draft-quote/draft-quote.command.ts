import { Command } from '@nestjs/cqrs';
import type { CommandContext, CommandResult } from '@ledger/event-sourcing';

export type DraftQuotePayload = {
  readonly opportunityId: string;
  /** YYYY-MM-DD, inclusive. */
  readonly validUntil: string;
  readonly taxBp: number;
  /** Only needed when the opportunity has no amount yet; otherwise it must match the amount's currency. */
  readonly currency?: string;
};

export class DraftQuoteCommand extends Command<CommandResult> {
  constructor(
    readonly quoteId: string,
    readonly payload: DraftQuotePayload,
    readonly context: CommandContext,
  ) {
    super();
  }
}
