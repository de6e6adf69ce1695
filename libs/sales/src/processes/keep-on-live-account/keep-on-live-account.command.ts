import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '@ledger/event-sourcing';

/** An opportunity was opened on an account: if that account has been merged meanwhile, follow the merge. */
export class KeepOnLiveAccountCommand extends Command<void> {
  constructor(
    readonly opportunityId: string,
    readonly accountId: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}
