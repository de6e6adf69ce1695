import { Command } from '@nestjs/cqrs';
import type { CommandContext, CommandResult } from '@ledger/event-sourcing';
import type { CancelTask } from '../../domain';

export type CancelTaskPayload = Omit<CancelTask, 'type' | 'taskId' | 'at' | 'by'>;

export class CancelTaskCommand extends Command<CommandResult> {
  constructor(
    readonly taskId: string,
    readonly payload: CancelTaskPayload,
    readonly context: CommandContext,
  ) {
    super();
  }
}
