import { Command } from '@nestjs/cqrs';
import type { CommandContext, CommandResult } from '@ledger/event-sourcing';
import type { ChangeTaskPriority } from '../../domain';

export type ChangeTaskPriorityPayload = Omit<ChangeTaskPriority, 'type' | 'taskId' | 'at' | 'by'>;

export class ChangeTaskPriorityCommand extends Command<CommandResult> {
  constructor(
    readonly taskId: string,
    readonly payload: ChangeTaskPriorityPayload,
    readonly context: CommandContext,
  ) {
    super();
  }
}
