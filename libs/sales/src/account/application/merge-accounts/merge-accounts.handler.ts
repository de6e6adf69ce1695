import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandResult, EventStore } from '@ledger/event-sourcing';
import { AccountMergedError, AccountNotFoundError } from '../../domain';
import { decideAccount, loadAccount } from '../account-stream';
import { MergeAccountsCommand } from './merge-accounts.command';

/**
 * The survivor must be registered and not merged itself; the domain then decides on the duplicate.
 * Its opportunities move to the survivor by the account-merged process manager, not here.
 */
@CommandHandler(MergeAccountsCommand)
export class MergeAccountsHandler implements ICommandHandler<MergeAccountsCommand> {
  constructor(private readonly store: EventStore) {}

  async execute({ accountId, payload, context }: MergeAccountsCommand): Promise<CommandResult> {
    const survivor = await loadAccount(this.store, payload.intoAccountId);
    if (survivor.status === 'initial') throw new AccountNotFoundError(payload.intoAccountId);
    if (survivor.status === 'merged') throw new AccountMergedError(survivor.id, survivor.intoAccountId);
    return decideAccount(this.store, accountId, { type: 'MergeAccount', accountId, ...payload }, context);
  }
}
