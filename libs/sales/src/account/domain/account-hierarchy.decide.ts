import type { Decider } from '@ledger/event-sourcing/kernel';
import type { AccountHierarchyEvent } from './account-hierarchy.events';

export type LinkAccountParent = {
  readonly type: 'LinkAccountParent';
  readonly accountId: string;
  readonly parentAccountId: string | null;
  readonly at: string;
  readonly by: string;
};

export type AccountHierarchyCommand = LinkAccountParent;

/** The last parent linked for each account whose parent was ever changed after its registration (a registration's parent is in the account's stream). */
export type AccountHierarchyState = { readonly parents: Readonly<Record<string, string | null>> };

const initialState = (): AccountHierarchyState => ({ parents: {} });

const evolve = (state: AccountHierarchyState, event: AccountHierarchyEvent): AccountHierarchyState => ({
  parents: { ...state.parents, [event.data.accountId]: event.data.parentAccountId },
});

/**
 * Records the link; whether it closes a cycle needs the accounts' own streams too, so the
 * application checks that on the state this decision is made on (and appended against).
 */
const decide = (command: AccountHierarchyCommand, state: AccountHierarchyState): AccountHierarchyEvent[] =>
  Object.hasOwn(state.parents, command.accountId) && state.parents[command.accountId] === command.parentAccountId
    ? []
    : [{ type: 'AccountParentLinked', data: { accountId: command.accountId, parentAccountId: command.parentAccountId, linkedAt: command.at } }];

export const accountHierarchyDecider: Decider<AccountHierarchyCommand, AccountHierarchyState, AccountHierarchyEvent> = {
  initialState,
  decide,
  evolve,
  version: 1,
};
