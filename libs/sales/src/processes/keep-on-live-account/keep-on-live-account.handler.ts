import { Command, CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandContext, EventStore } from '@ledger/event-sourcing';
import { loadAccount } from '../../account';
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

/** One read of the account stream per opened opportunity; the opportunity is touched only after a merge. */
@CommandHandler(KeepOnLiveAccountCommand)
export class KeepOnLiveAccountHandler implements ICommandHandler<KeepOnLiveAccountCommand> {
  constructor(
    private readonly store: EventStore,
    private readonly commands: CommandBus,
  ) {}

  async execute({ opportunityId, accountId, context }: KeepOnLiveAccountCommand): Promise<void> {
    const account = await loadAccount(this.store, accountId);
    if (account.status !== 'merged') return;
    await this.commands.execute(
      new ChangeOpportunityAccountCommand({ opportunityId, accountId: account.intoAccountId, reason: 'merge', onlyFromAccountId: accountId }, context),
    );
  }
}
