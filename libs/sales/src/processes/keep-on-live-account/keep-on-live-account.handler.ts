import { CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EventStore } from '@ledger/event-sourcing';
import { loadAccount } from '../../account';
import { ChangeOpportunityAccountCommand } from '../../opportunity';
import { KeepOnLiveAccountCommand } from './keep-on-live-account.command';

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
      new ChangeOpportunityAccountCommand(opportunityId, { accountId: account.intoAccountId, reason: 'merge', onlyFromAccountId: accountId }, context),
    );
  }
}
