import { Injectable } from '@nestjs/common';
import { type CommandContext, derivedCommandId, EventStore } from '@ledger/event-sourcing';
import { ProjectionRuntime, ReadStore } from '@ledger/read-store';
import {
  ACCOUNT_VIEWS,
  type AccountProfile,
  type AccountView,
  accountNameKey,
  AccountNotFoundError,
  accountViewProjection,
  handleAccount,
  loadAccount,
} from '../../../account';

/** Which account the opportunity is for: a known one, one found (or else registered) by name, or a new one. */
export type AccountChoice =
  | { readonly kind: 'id'; readonly accountId: string }
  | { readonly kind: 'name'; readonly name: string }
  | { readonly kind: 'new'; readonly name: string; readonly profile: AccountProfile };

export type ResolvedAccount = { readonly accountId: string; readonly accountName: string };

const MAX_MERGE_HOPS = 20;
/** How long an unknown name waits for the account view to reach the log before an account is registered. */
export const NAME_LOOKUP_WAIT_MS = 2000;
const EMPTY_PROFILE = { sector: null, yearEstablished: null, annualRevenue: null, employees: null, officeLocation: null, parentAccountId: null };

/**
 * Turns what a client says about the account into the id of a live account: a merged account is
 * followed to its survivor; a name finds the account of that name or registers it on the fly. An
 * account made on the fly takes its id and command id from the request, so a retry makes no second one.
 * A name the view does not know is looked up again once the view has reached the log, so an
 * account registered a moment ago (by the open just before) is found, not registered twice.
 */
@Injectable()
export class AccountResolver {
  constructor(
    private readonly store: EventStore,
    private readonly readStore: ReadStore,
    private readonly runtime: ProjectionRuntime,
  ) {}

  async resolve(choice: AccountChoice, context: CommandContext): Promise<ResolvedAccount> {
    if (choice.kind === 'id') return this.live(choice.accountId);
    if (choice.kind === 'name') {
      // The view is trusted here: were the account merged a moment ago, the merge process moves the opportunity on.
      const known = (await this.byName(choice.name)) ?? ((await this.viewReachedLog()) ? await this.byName(choice.name) : null);
      if (known) return { accountId: known._id, accountName: known.name };
    }
    const profile = choice.kind === 'new' ? choice.profile : EMPTY_PROFILE;
    const accountId = derivedCommandId(context.commandId, 'account-on-the-fly');
    await handleAccount(
      this.store,
      { type: 'RegisterAccount', accountId, name: choice.name, ...profile },
      { ...context, commandId: derivedCommandId(context.commandId, 'register-account'), expectedRevision: undefined },
    );
    return { accountId, accountName: choice.name.trim() };
  }

  private byName(name: string): Promise<AccountView | null> {
    return this.readStore.findOne<AccountView>(ACCOUNT_VIEWS, { nameKey: accountNameKey(name), status: 'active' });
  }

  /** False when the view is still behind after the wait (a projector down): then a duplicate is risked, to be merged later. */
  private async viewReachedLog(): Promise<boolean> {
    const head = await this.store.lastPosition();
    return head !== null && this.runtime.waitFor(head, [accountViewProjection.name], NAME_LOOKUP_WAIT_MS);
  }

  /** The account itself, or the one it was merged into (through any chain of merges). */
  async live(accountId: string): Promise<ResolvedAccount> {
    let id = accountId;
    for (let hop = 0; hop < MAX_MERGE_HOPS; hop += 1) {
      const account = await loadAccount(this.store, id);
      if (account.status === 'initial') throw new AccountNotFoundError(id);
      if (account.status === 'active') return { accountId: id, accountName: account.name };
      id = account.intoAccountId;
    }
    throw new AccountNotFoundError(accountId);
  }
}
