import { Command } from '@nestjs/cqrs';
import type { CommandContext, Position } from '@ledger/event-sourcing';

/** Move every opportunity of a merged account to the account it was merged into. */
export class FollowAccountMergeCommand extends Command<number> {
  constructor(
    readonly mergedAccountId: string,
    readonly intoAccountId: string,
    /** The merge event's position: the opportunity view must have reached it before it is asked. */
    readonly mergedAt: Position,
    readonly context: CommandContext,
  ) {
    super();
  }
}
