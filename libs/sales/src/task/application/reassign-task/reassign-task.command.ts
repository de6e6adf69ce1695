import { Command } from '@nestjs/cqrs';
import type { CommandContext, CommandResult } from '@ledger/event-sourcing';
import type { ReassignTask } from '../../domain';

/** A rep may hand their own task to anyone. */
export type ReassignTaskPayload = Omit<ReassignTask, 'type' | 'taskId' | 'at' | 'by'>;

export class ReassignTaskCommand extends Command<CommandResult> {
  constructor(
    readonly taskId: string,
    readonly payload: ReassignTaskPayload,
    readonly context: CommandContext,
  ) {
    super();
  }
}
