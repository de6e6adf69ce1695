import { Command } from '@nestjs/cqrs';
import type { CommandContext, CommandResult } from '@ledger/event-sourcing';
import type { OpenOpportunity } from '../../domain';

export type OpenOpportunityPayload = Omit<OpenOpportunity, 'type' | 'opportunityId' | 'at' | 'by'>;

export class OpenOpportunityCommand extends Command<CommandResult> {
  constructor(
    readonly opportunityId: string,
    readonly payload: OpenOpportunityPayload,
    readonly context: CommandContext,
  ) {
    super();
  }
}
