import { Command } from '@nestjs/cqrs';
import type { CommandContext, CommandResult } from '@ledger/event-sourcing';
import type { UpdateAccountProfile } from '../../domain';

export type UpdateAccountProfilePayload = Omit<UpdateAccountProfile, 'type' | 'accountId' | 'at' | 'by'>;

export class UpdateAccountProfileCommand extends Command<CommandResult> {
  constructor(
    readonly accountId: string,
    readonly payload: UpdateAccountProfilePayload,
    readonly context: CommandContext,
  ) {
    super();
  }
}
