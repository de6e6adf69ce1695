import { Command } from '@nestjs/cqrs';
import type { CommandContext, CommandResult } from '@ledger/event-sourcing';
import type { MergeAccount } from '../../domain';

export type MergeAccountsPayload = Omit<MergeAccount, 'type' | 'accountId' | 'at' | 'by'>;

/** Merges the duplicate `accountId` into `payload.intoAccountId`, which survives. */
export class MergeAccountsCommand extends Command<CommandResult> {
  constructor(
    readonly accountId: string,
    readonly payload: MergeAccountsPayload,
    readonly context: CommandContext,
  ) {
    super();
  }
}
