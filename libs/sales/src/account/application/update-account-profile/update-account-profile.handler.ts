import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandResult, EventStore } from '@ledger/event-sourcing';
import { decideAccount } from '../account-stream';
import { checkParentAccount } from '../parent-account-check';
import { UpdateAccountProfileCommand } from './update-account-profile.command';

/** A new parent account must be registered and not merged; clearing the parent (null) needs no check. */
@CommandHandler(UpdateAccountProfileCommand)
export class UpdateAccountProfileHandler implements ICommandHandler<UpdateAccountProfileCommand> {
  constructor(private readonly store: EventStore) {}

  async execute({ accountId, payload, context }: UpdateAccountProfileCommand): Promise<CommandResult> {
    await checkParentAccount(this.store, payload.changes.parentAccountId);
    return decideAccount(this.store, accountId, { type: 'UpdateAccountProfile', accountId, ...payload }, context);
  }
}
