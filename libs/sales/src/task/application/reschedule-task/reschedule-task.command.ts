import { Command } from '@nestjs/cqrs';
import type { CommandContext, CommandResult } from '@ledger/event-sourcing';
import type { RescheduleTask } from '../../domain';

export type RescheduleTaskPayload = Omit<RescheduleTask, 'type' | 'taskId' | 'at' | 'by'>;

export class RescheduleTaskCommand extends Command<CommandResult> {
  constructor(
    readonly taskId: string,
    readonly payload: RescheduleTaskPayload,
    readonly context: CommandContext,
  ) {
    super();
  }
}
