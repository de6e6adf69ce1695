import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandResult, EventStore } from '@ledger/event-sourcing';
import { decideQuote } from '../quote-stream';
import { MarkQuotePrimaryCommand } from './mark-quote-primary.command';

@CommandHandler(MarkQuotePrimaryCommand)
export class MarkQuotePrimaryHandler implements ICommandHandler<MarkQuotePrimaryCommand> {
  constructor(private readonly store: EventStore) {}

  execute({ quoteId, payload, context }: MarkQuotePrimaryCommand): Promise<CommandResult> {
    return decideQuote(this.store, quoteId, { type: 'MarkQuotePrimary', quoteId, ...payload }, context);
  }
}
