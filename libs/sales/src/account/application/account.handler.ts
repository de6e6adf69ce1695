import {
  aggregateCommandHandler,
  AggregateCommandMessage,
  aggregateStreams,
  type CommandContext,
  type CommandResult,
  derivedCommandId,
  DomainError,
  EventStore,
  stamped,
  type WithoutTimeAndActor,
} from '@ledger/event-sourcing';
import {
  type AccountCommand,
  accountDecider,
  accountEvents,
  accountHierarchyDecider,
  accountHierarchyEvents,
  type AccountHierarchyState,
  AccountParentCycleError,
  type AccountState,
  type EraseContact,
  type MergeAccount,
  type UpdateAccountProfile,
} from '../domain';

const accounts = aggregateStreams('account', accountDecider, accountEvents);

/**
 * One stream, `hierarchy-accounts`, on which every change of an existing account's parent is
 * decided in turn: each is appended against the revision its cycle check read, so of two changes
 * made at the same instant (P under Q, Q under P) the second is checked again with the first's link
 * and refused. Parent changes are rare, so one stream for them all costs little.
 */
const hierarchy = aggregateStreams('hierarchy', accountHierarchyDecider, accountHierarchyEvents);
export const ACCOUNT_HIERARCHY_CATEGORY = hierarchy.category;
const HIERARCHY_ID = 'accounts';
/** Concurrent parent changes on other accounts only mean "check again with their links". */
const HIERARCHY_ATTEMPTS = 16;
const NO_LINKS: AccountHierarchyState = { parents: {} };

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
 * The parents of an account to follow up the chain: the one its stream records and the one last
 * linked in the hierarchy stream, which its stream may not hold yet (its append is under way, or
 * failed after the link). A cycle through either is refused, so none can arise whichever lands.
 */
const parentsOf = (accountId: string, account: AccountState, links: AccountHierarchyState): string[] => {
  const recorded = account.status === 'initial' ? null : account.parentAccountId;
  const linked = Object.hasOwn(links.parents, accountId) ? links.parents[accountId] : null;
  return [...new Set([recorded, linked])].filter((parent): parent is string => parent !== null);
};

/**
 * A parent account must be registered and active (a merged one points at its survivor instead),
 * and must not be the account itself or below it: the chains of parents are walked up, one stream
 * each, and meeting the account on the way would close a cycle.
 */
export async function checkParentAccount(
  store: EventStore,
  accountId: string,
  parentAccountId: string | null | undefined,
  links: AccountHierarchyState = NO_LINKS,
): Promise<void> {
  if (typeof parentAccountId !== 'string') return;
  const parent = await loadAccount(store, parentAccountId);
  if (parent.status !== 'active') throw new ParentAccountNotFoundError(parentAccountId);
  // Its own parent is refused by the domain (account-parent-is-self).
  if (parentAccountId === accountId) return;
  const seen = new Set([parentAccountId]);
  const ancestors = parentsOf(parentAccountId, parent, links);
  while (ancestors.length > 0) {
    const ancestor = ancestors.pop()!;
    if (ancestor === accountId) throw new AccountParentCycleError(accountId, parentAccountId);
    if (seen.has(ancestor)) continue;
    seen.add(ancestor);
    ancestors.push(...parentsOf(ancestor, await loadAccount(store, ancestor), links));
  }
}

/**
 * A profile change that moves the account under another parent (or none): decided on the account
 * first, so a change the account refuses links nothing; then linked on the hierarchy stream, checked
 * against the links read and appended against them (a link of a change made meanwhile means
 * checking again); then recorded on the account, like any profile change.
 */
async function changeParent(store: EventStore, command: WithoutTimeAndActor<UpdateAccountProfile>, context: CommandContext): Promise<void> {
  const { accountId } = command;
  const parentAccountId = command.changes.parentAccountId ?? null;
  const changes = accountDecider.decide(stamped<UpdateAccountProfile>(command, context), await loadAccount(store, accountId));
  if (!changes.some((event) => event.type === 'AccountProfileUpdated' && event.data.changes.parentAccountId !== undefined)) return;
  await inHierarchyTurn(() =>
    hierarchy.handle(
      store,
      HIERARCHY_ID,
      { type: 'LinkAccountParent', accountId, parentAccountId },
      { ...context, commandId: derivedCommandId(context.commandId, 'link-account-parent'), expectedRevision: undefined },
      { maxAttempts: HIERARCHY_ATTEMPTS, authorize: (links) => checkParentAccount(store, accountId, parentAccountId, links) },
    ),
  );
}

let hierarchyTurn: Promise<unknown> = Promise.resolve();

/**
 * Links made in this process wait for each other, so they never race here (60 at once used to
 * exhaust their attempts as 409s); between processes the expected revision still decides.
 */
function inHierarchyTurn<T>(link: () => Promise<T>): Promise<T> {
  const turn = hierarchyTurn.then(link);
  hierarchyTurn = turn.catch(() => undefined);
  return turn;
}

/**
 * load → decide → append for any account command; a parent account it names is checked first in
 * its own stream, since the domain only sees this account's (a registration's parent needs no
 * turn on the hierarchy stream: no chain can reach an account before its stream exists). The survivor of a merge is checked by MergeAccountsHandler, in line with other merges.
 */
export const handleAccount = async (store: EventStore, command: WithoutTimeAndActor<AccountCommand>, context: CommandContext): Promise<CommandResult> => {
  if (command.type === 'RegisterAccount') await checkParentAccount(store, command.accountId, command.parentAccountId);
  // Leaving the parent out needs no check; clearing it (null) is linked too, so the hierarchy's last link for the account is its latest.
  if (command.type === 'UpdateAccountProfile' && command.changes.parentAccountId !== undefined) await changeParent(store, command, context);
  return accounts.handle(store, command.accountId, command, context);
};

/**
 * Any account command but a merge (merges wait in line: MergeAccountsCommand) and an erasure (its
 * key is destroyed too: EraseContactCommand), carried on the bus.
 */
export class AccountCommandMessage extends AggregateCommandMessage<Exclude<AccountCommand, MergeAccount | EraseContact>> {}

export const AccountHandler = aggregateCommandHandler(AccountCommandMessage, handleAccount);
