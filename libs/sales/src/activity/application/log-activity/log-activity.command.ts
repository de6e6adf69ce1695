import { Command } from '@nestjs/cqrs';
import type { CommandContext, CommandResult } from '@ledger/event-sourcing';
import type { LogActivity } from '../../domain';

/** A rep's next step is their own; it becomes a task of its assignee. */
export type LogActivityPayload = Omit<LogActivity, 'type' | 'activityId' | 'at' | 'by'>;

export class LogActivityCommand extends Command<CommandResult> {
  constructor(
    readonly activityId: string,
    readonly payload: LogActivityPayload,
    readonly context: CommandContext,
  ) {
    super();
  }
}
