import { DomainError, type EventStore } from '@ledger/event-sourcing';
import { loadAccount } from './account-stream';

export class ParentAccountNotFoundError extends DomainError {
  constructor(parentAccountId: string) {
    super(
      'parent-account-not-found',
      'rule-violated',
      `Account ${parentAccountId} is not a registered, unmerged account; it cannot be a parent account.`,
    );
  }
}

/** A parent account must be registered and active: a merged one points at its survivor instead. */
export async function checkParentAccount(store: EventStore, parentAccountId: string | null | undefined): Promise<void> {
  if (typeof parentAccountId !== 'string') return;
  const parent = await loadAccount(store, parentAccountId);
  if (parent.status !== 'active') throw new ParentAccountNotFoundError(parentAccountId);
}
