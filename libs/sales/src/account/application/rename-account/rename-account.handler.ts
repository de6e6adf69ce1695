import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandResult, EventStore } from '@ledger/event-sourcing';
import { decideAccount } from '../account-stream';
import { RenameAccountCommand } from './rename-account.command';

@CommandHandler(RenameAccountCommand)
export class RenameAccountHandler implements ICommandHandler<RenameAccountCommand> {
  constructor(private readonly store: EventStore) {}

  execute({ accountId, payload, context }: RenameAccountCommand): Promise<CommandResult> {
    return decideAccount(this.store, accountId, { type: 'RenameAccount', accountId, ...payload }, context);
  }
}
