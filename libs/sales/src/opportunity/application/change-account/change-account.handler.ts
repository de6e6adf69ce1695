import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandResult } from '@ledger/event-sourcing';
import { EventStore } from '@ledger/event-sourcing';
import { AccountResolver } from '../open-opportunity/resolve-account';
import { decideOpportunity } from '../opportunity-stream';
import { ChangeOpportunityAccountCommand } from './change-account.command';

/** The target must be a registered account; a merged one is followed to its survivor. */
@CommandHandler(ChangeOpportunityAccountCommand)
export class ChangeOpportunityAccountHandler implements ICommandHandler<ChangeOpportunityAccountCommand> {
  constructor(
    private readonly store: EventStore,
    private readonly accounts: AccountResolver,
  ) {}

  async execute({ opportunityId, payload, context }: ChangeOpportunityAccountCommand): Promise<CommandResult> {
    const { accountId, accountName } = await this.accounts.live(payload.accountId);
    return decideOpportunity(
      this.store,
      opportunityId,
      { type: 'ChangeOpportunityAccount', opportunityId, accountId, accountName, reason: payload.reason, onlyFromAccountId: payload.onlyFromAccountId },
      context,
    );
  }
}
