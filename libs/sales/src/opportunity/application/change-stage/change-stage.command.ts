import { Command } from '@nestjs/cqrs';
import type { CommandContext, CommandResult } from '@ledger/event-sourcing';
import type { ChangeStage } from '../../domain';

export type ChangeStagePayload = Omit<ChangeStage, 'type' | 'opportunityId' | 'at' | 'by'>;

export class ChangeStageCommand extends Command<CommandResult> {
  constructor(
    readonly opportunityId: string,
    readonly payload: ChangeStagePayload,
    readonly context: CommandContext,
  ) {
    super();
  }
}
