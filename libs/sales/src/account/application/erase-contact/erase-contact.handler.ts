import { Injectable } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandContext, type CommandResult, EventStore, SubjectKeyStore } from '@ledger/event-sourcing';
import { contactSubject, type EraseContact } from '../../domain';
import { handleAccount } from '../account.handler';

/** Forget a contact as a person: `ContactErased` in the account's stream, then its data key destroyed. */
export class EraseContactCommand extends Command<CommandResult> {
  constructor(
    readonly erase: Pick<EraseContact, 'accountId' | 'contactId' | 'reason'>,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/**
 * The event first, the key after. A crash between the two leaves the contact erased in the log
 * (read models scrubbed, commands refused) with its key still there; the same request again finds
 * the contact erased, appends nothing and destroys the key, so a retry finishes the job. The other
 * order could destroy the key of a contact whose erasure the log then never records (a refused
 * or failed append): data gone with no record of who erased it or why, and read models never
 * scrubbed. `salesctl audit erasure-receipt` says when a recorded erasure still has its key.
 */
@Injectable()
@CommandHandler(EraseContactCommand)
export class EraseContactHandler implements ICommandHandler<EraseContactCommand> {
  constructor(
    private readonly store: EventStore,
    private readonly keys: SubjectKeyStore,
  ) {}

  async execute({ erase, context }: EraseContactCommand): Promise<CommandResult> {
    const result = await handleAccount(this.store, { type: 'EraseContact', ...erase }, context);
    await this.keys.destroy(contactSubject(erase.contactId), context.occurredAt);
    return result;
  }
}
