import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandResult, EventStore } from '@ledger/event-sourcing';
import { decideAccount } from '../account-stream';
import { UpdateContactCommand } from './update-contact.command';

@CommandHandler(UpdateContactCommand)
export class UpdateContactHandler implements ICommandHandler<UpdateContactCommand> {
  constructor(private readonly store: EventStore) {}

  execute({ accountId, payload, context }: UpdateContactCommand): Promise<CommandResult> {
    return decideAccount(this.store, accountId, { type: 'UpdateContact', accountId, ...payload }, context);
  }
}
