import { Command } from '@nestjs/cqrs';
import type { CommandContext, CommandResult } from '@ledger/event-sourcing';
import type { CorrectActivity } from '../../domain';

/** A rep corrects only the activities they logged. */
export type CorrectActivityPayload = Omit<CorrectActivity, 'type' | 'activityId' | 'at' | 'by'>;

export class CorrectActivityCommand extends Command<CommandResult> {
  constructor(
    readonly activityId: string,
    readonly payload: CorrectActivityPayload,
    readonly context: CommandContext,
  ) {
    super();
  }
}
