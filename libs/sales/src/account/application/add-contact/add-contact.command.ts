import { Command } from '@nestjs/cqrs';
import type { CommandContext, CommandResult } from '@ledger/event-sourcing';
import type { AddContact } from '../../domain';

export type AddContactPayload = Omit<AddContact, 'type' | 'accountId' | 'at' | 'by'>;

export class AddContactCommand extends Command<CommandResult> {
  constructor(
    readonly accountId: string,
    readonly payload: AddContactPayload,
    readonly context: CommandContext,
  ) {
    super();
  }
}
