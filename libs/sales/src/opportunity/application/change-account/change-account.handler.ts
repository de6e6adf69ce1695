import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandContext, type CommandResult, EventStore } from '@ledger/event-sourcing';
import type { ChangeOpportunityAccount } from '../../domain';
import { AccountResolver } from '../open-opportunity/resolve-account';
import { handleOpportunity } from '../opportunity.handler';

/** Moves an opportunity to another account: the target must be registered; a merged one is followed to its survivor. */
export class ChangeOpportunityAccountCommand extends Command<CommandResult> {
  constructor(
    readonly move: Pick<ChangeOpportunityAccount, 'opportunityId' | 'accountId' | 'reason' | 'onlyFromAccountId'>,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(ChangeOpportunityAccountCommand)
export class ChangeOpportunityAccountHandler implements ICommandHandler<ChangeOpportunityAccountCommand> {
  constructor(
    private readonly store: EventStore,
    private readonly accounts: AccountResolver,
  ) {}

  async execute({ move, context }: ChangeOpportunityAccountCommand): Promise<CommandResult> {
    const { accountId, accountName } = await this.accounts.live(move.accountId);
    return handleOpportunity(this.store, { type: 'ChangeOpportunityAccount', ...move, accountId, accountName }, context);
  }
}
