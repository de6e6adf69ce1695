import { Command } from '@nestjs/cqrs';
import type { CommandContext, CommandResult } from '@ledger/event-sourcing';
import type { RegisterAccount } from '../../domain';

export type RegisterAccountPayload = Omit<RegisterAccount, 'type' | 'accountId' | 'at' | 'by'>;

export class RegisterAccountCommand extends Command<CommandResult> {
  constructor(
    readonly accountId: string,
    readonly payload: RegisterAccountPayload,
    readonly context: CommandContext,
  ) {
    super();
  }
}
