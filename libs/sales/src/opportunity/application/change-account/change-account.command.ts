import { Command } from '@nestjs/cqrs';
import type { CommandContext, CommandResult } from '@ledger/event-sourcing';

export type ChangeOpportunityAccountPayload = {
  readonly accountId: string;
  readonly reason: 'merge' | 'correction';
  /** Move only if the opportunity is still on this account. */
  readonly onlyFromAccountId?: string;
};

export class ChangeOpportunityAccountCommand extends Command<CommandResult> {
  constructor(
    readonly opportunityId: string,
    readonly payload: ChangeOpportunityAccountPayload,
    readonly context: CommandContext,
  ) {
    super();
  }
}
