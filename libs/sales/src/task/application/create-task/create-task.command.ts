import { Command } from '@nestjs/cqrs';
import type { CommandContext, CommandResult } from '@ledger/event-sourcing';
import type { CreateTask } from '../../domain';

/** A rep creates tasks only for themselves; the origin says why the task exists (manual from the API). */
export type CreateTaskPayload = Omit<CreateTask, 'type' | 'taskId' | 'at' | 'by'>;

export class CreateTaskCommand extends Command<CommandResult> {
  constructor(
    readonly taskId: string,
    readonly payload: CreateTaskPayload,
    readonly context: CommandContext,
  ) {
    super();
  }
}
