import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandResult, EventStore } from '@ledger/event-sourcing';
import { decideAccount } from '../account-stream';
import { RemoveContactCommand } from './remove-contact.command';

@CommandHandler(RemoveContactCommand)
export class RemoveContactHandler implements ICommandHandler<RemoveContactCommand> {
  constructor(private readonly store: EventStore) {}

  execute({ accountId, payload, context }: RemoveContactCommand): Promise<CommandResult> {
    return decideAccount(this.store, accountId, { type: 'RemoveContact', accountId, ...payload }, context);
  }
}
