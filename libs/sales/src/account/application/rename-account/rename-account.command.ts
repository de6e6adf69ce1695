import { Command } from '@nestjs/cqrs';
import type { CommandContext, CommandResult } from '@ledger/event-sourcing';
import type { RenameAccount } from '../../domain';

export type RenameAccountPayload = Omit<RenameAccount, 'type' | 'accountId' | 'at' | 'by'>;

export class RenameAccountCommand extends Command<CommandResult> {
  constructor(
    readonly accountId: string,
    readonly payload: RenameAccountPayload,
    readonly context: CommandContext,
  ) {
    super();
  }
}
