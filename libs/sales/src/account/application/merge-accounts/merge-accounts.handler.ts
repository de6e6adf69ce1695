import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandResult, EventStore } from '@ledger/event-sourcing';
import { AccountMergedError, AccountNotFoundError } from '../../domain';
import { decideAccount, loadAccount } from '../account-stream';
import { MergeAccountsCommand } from './merge-accounts.command';

/**
 * The survivor must be registered and not merged itself; the domain then decides on the duplicate.
 * Its opportunities move to the survivor by the account-merged process manager, not here.
 * Merges wait in line in this process: two crossed merges (A into B, B into A) sent together would
 * otherwise both find their survivor unmerged and make a cycle.
 */
@CommandHandler(MergeAccountsCommand)
export class MergeAccountsHandler implements ICommandHandler<MergeAccountsCommand> {
  private inLine: Promise<unknown> = Promise.resolve();

  constructor(private readonly store: EventStore) {}

  execute(command: MergeAccountsCommand): Promise<CommandResult> {
    const merged = this.inLine.then(
      () => this.merge(command),
      () => this.merge(command),
    );
    this.inLine = merged.catch(() => undefined);
    return merged;
  }

  private async merge({ accountId, payload, context }: MergeAccountsCommand): Promise<CommandResult> {
    const survivor = await loadAccount(this.store, payload.intoAccountId);
    if (survivor.status === 'initial') throw new AccountNotFoundError(payload.intoAccountId);
    if (survivor.status === 'merged') throw new AccountMergedError(survivor.id, survivor.intoAccountId);
    return decideAccount(this.store, accountId, { type: 'MergeAccount', accountId, ...payload }, context);
  }
}
