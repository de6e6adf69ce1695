import { Injectable } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandContext, type CommandResult, EventStore } from '@ledger/event-sourcing';
import { AccountMergedError, AccountNotFoundError, type MergeAccount } from '../../domain';
import { handleAccount, loadAccount } from '../account.handler';

/** Merges the duplicate `accountId` into `intoAccountId`, which survives. */
export class MergeAccountsCommand extends Command<CommandResult> {
  constructor(
    readonly merge: Pick<MergeAccount, 'accountId' | 'intoAccountId'>,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/**
 * The survivor must be registered and not merged itself; the domain then decides on the duplicate.
 * Its opportunities move to the survivor by the account-merged process manager, not here.
 * Merges wait in line in this process: two crossed merges (A into B, B into A) sent together would
 * otherwise both find their survivor unmerged and make a cycle.
 */
@Injectable()
@CommandHandler(MergeAccountsCommand)
export class MergeAccountsHandler implements ICommandHandler<MergeAccountsCommand> {
  private inLine: Promise<unknown> = Promise.resolve();

  constructor(private readonly store: EventStore) {}

  execute(command: MergeAccountsCommand): Promise<CommandResult> {
    const merged = this.inLine.then(
      () => this.mergeNow(command),
      () => this.mergeNow(command),
    );
    this.inLine = merged.catch(() => undefined);
    return merged;
  }

  private async mergeNow({ merge, context }: MergeAccountsCommand): Promise<CommandResult> {
    const survivor = await loadAccount(this.store, merge.intoAccountId);
    if (survivor.status === 'initial') throw new AccountNotFoundError(merge.intoAccountId);
    if (survivor.status === 'merged') throw new AccountMergedError(survivor.id, survivor.intoAccountId);
    return handleAccount(this.store, { type: 'MergeAccount', ...merge }, context);
  }
}
