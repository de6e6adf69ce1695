import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandResult, EventStore } from '@ledger/event-sourcing';
import { decideAccount } from '../account-stream';
import { checkParentAccount } from '../parent-account-check';
import { RegisterAccountCommand } from './register-account.command';

/** A parent account, when given, must be registered and not merged. */
@CommandHandler(RegisterAccountCommand)
export class RegisterAccountHandler implements ICommandHandler<RegisterAccountCommand> {
  constructor(private readonly store: EventStore) {}

  async execute({ accountId, payload, context }: RegisterAccountCommand): Promise<CommandResult> {
    await checkParentAccount(this.store, payload.parentAccountId);
    return decideAccount(this.store, accountId, { type: 'RegisterAccount', accountId, ...payload }, context);
  }
}
