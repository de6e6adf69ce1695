import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandResult, EventStore } from '@ledger/event-sourcing';
import { decideAccount } from '../account-stream';
import { AddContactCommand } from './add-contact.command';

@CommandHandler(AddContactCommand)
export class AddContactHandler implements ICommandHandler<AddContactCommand> {
  constructor(private readonly store: EventStore) {}

  execute({ accountId, payload, context }: AddContactCommand): Promise<CommandResult> {
    return decideAccount(this.store, accountId, { type: 'AddContact', accountId, ...payload }, context);
  }
}
