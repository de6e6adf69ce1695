import { Command, CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CachedStreamStates, type CommandContext, EventStore } from '@ledger/event-sourcing';
import { accountDecider, type AccountEvent, accountEvents, type AccountState, accountStream } from '../../account';
import { ChangeOpportunityAccountCommand } from '../../opportunity';

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

/**
 * One look at the account per opened opportunity: its folded state is kept and only its newer events
 * are read (most opportunities open on accounts that already have many); the opportunity is touched
 * only after a merge.
 */
@CommandHandler(KeepOnLiveAccountCommand)
export class KeepOnLiveAccountHandler implements ICommandHandler<KeepOnLiveAccountCommand> {
  private readonly accounts: CachedStreamStates<AccountState, AccountEvent>;

  constructor(
    store: EventStore,
    private readonly commands: CommandBus,
  ) {
    this.accounts = new CachedStreamStates(store, accountDecider, accountEvents);
  }

  async execute({ opportunityId, accountId, context }: KeepOnLiveAccountCommand): Promise<void> {
    const account = await this.accounts.current(accountStream(accountId));
    if (account.status !== 'merged') return;
    await this.commands.execute(
      new ChangeOpportunityAccountCommand({ opportunityId, accountId: account.intoAccountId, reason: 'merge', onlyFromAccountId: accountId }, context),
    );
  }
}
