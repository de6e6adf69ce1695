import { Command } from '@nestjs/cqrs';
import type { CommandContext, CommandResult } from '@ledger/event-sourcing';
import type { CompleteTask } from '../../domain';

export type CompleteTaskPayload = Omit<CompleteTask, 'type' | 'taskId' | 'at' | 'by'>;

export class CompleteTaskCommand extends Command<CommandResult> {
  constructor(
    readonly taskId: string,
    readonly payload: CompleteTaskPayload,
    readonly context: CommandContext,
  ) {
    super();
  }
}
