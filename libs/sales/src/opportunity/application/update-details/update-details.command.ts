import { Command } from '@nestjs/cqrs';
import type { CommandContext, CommandResult } from '@ledger/event-sourcing';
import type { UpdateOpportunityDetails } from '../../domain';

export type UpdateDetailsPayload = Omit<UpdateOpportunityDetails, 'type' | 'opportunityId' | 'at' | 'by'>;

export class UpdateDetailsCommand extends Command<CommandResult> {
  constructor(
    readonly opportunityId: string,
    readonly payload: UpdateDetailsPayload,
    readonly context: CommandContext,
  ) {
    super();
  }
}
