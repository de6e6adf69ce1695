import { Command } from '@nestjs/cqrs';
import type { CommandContext, CommandResult } from '@ledger/event-sourcing';
import type { RemoveContact } from '../../domain';

export type RemoveContactPayload = Omit<RemoveContact, 'type' | 'accountId' | 'at' | 'by'>;

export class RemoveContactCommand extends Command<CommandResult> {
  constructor(
    readonly accountId: string,
    readonly payload: RemoveContactPayload,
    readonly context: CommandContext,
  ) {
    super();
  }
}
