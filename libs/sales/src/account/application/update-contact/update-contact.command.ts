import { Command } from '@nestjs/cqrs';
import type { CommandContext, CommandResult } from '@ledger/event-sourcing';
import type { UpdateContact } from '../../domain';

export type UpdateContactPayload = Omit<UpdateContact, 'type' | 'accountId' | 'at' | 'by'>;

export class UpdateContactCommand extends Command<CommandResult> {
  constructor(
    readonly accountId: string,
    readonly payload: UpdateContactPayload,
    readonly context: CommandContext,
  ) {
    super();
  }
}
