import { aggregateCommandHandler, AggregateCommandMessage, aggregateStreams, type CommandContext, type CommandResult, DomainError, EventStore, type WithoutTimeAndActor } from '@ledger/event-sourcing';
import { type AccountCommand, accountDecider, accountEvents, AccountParentCycleError, type EraseContact, type MergeAccount } from '../domain';

const accounts = aggregateStreams('account', accountDecider, accountEvents);

export const ACCOUNT_CATEGORY = accounts.category;
export const accountStream = accounts.stream;
export const loadAccount = accounts.load;

export class ParentAccountNotFoundError extends DomainError {
  constructor(parentAccountId: string) {
    super(
      'parent-account-not-found',
      'rule-violated',
      `Account ${parentAccountId} is not a registered, unmerged account; it cannot be a parent account.`,
    );
  }
}

/**
 * A parent account must be registered and active (a merged one points at its survivor instead),
 * and must not be the account itself or below it: the chain of parents is walked up, one stream
 * each, and meeting the account on the way would close a cycle.
 */
export async function checkParentAccount(store: EventStore, accountId: string, parentAccountId: string | null | undefined): Promise<void> {
  if (typeof parentAccountId !== 'string') return;
  const parent = await loadAccount(store, parentAccountId);
  if (parent.status !== 'active') throw new ParentAccountNotFoundError(parentAccountId);
  // Its own parent is refused by the domain (account-parent-is-self).
  if (parentAccountId === accountId) return;
  const seen = new Set([parentAccountId]);
  let ancestor = parent.parentAccountId;
  while (ancestor !== null && !seen.has(ancestor)) {
    if (ancestor === accountId) throw new AccountParentCycleError(accountId, parentAccountId);
    seen.add(ancestor);
    const above = await loadAccount(store, ancestor);
    ancestor = above.status === 'initial' ? null : above.parentAccountId;
  }
}

/**
 * load → decide → append for any account command; a parent account it names (registering, or
 * changing the profile) is checked first in its own stream, since the domain only sees this
 * account's. The survivor of a merge is checked by MergeAccountsHandler, in line with other merges.
 */
export const handleAccount = async (store: EventStore, command: WithoutTimeAndActor<AccountCommand>, context: CommandContext): Promise<CommandResult> => {
  if (command.type === 'RegisterAccount') await checkParentAccount(store, command.accountId, command.parentAccountId);
  // Clearing the parent (null) or leaving it out needs no check.
  if (command.type === 'UpdateAccountProfile') await checkParentAccount(store, command.accountId, command.changes.parentAccountId);
  return accounts.handle(store, command.accountId, command, context);
};

/**
 * Any account command but a merge (merges wait in line: MergeAccountsCommand) and an erasure (its
 * key is destroyed too: EraseContactCommand), carried on the bus.
 */
export class AccountCommandMessage extends AggregateCommandMessage<Exclude<AccountCommand, MergeAccount | EraseContact>> {}

export const AccountHandler = aggregateCommandHandler(AccountCommandMessage, handleAccount);
