import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandResult, EventStore } from '@ledger/event-sourcing';
import { decideQuote } from '../quote-stream';
import { RemoveLineCommand } from './remove-line.command';

@CommandHandler(RemoveLineCommand)
export class RemoveLineHandler implements ICommandHandler<RemoveLineCommand> {
  constructor(private readonly store: EventStore) {}

  execute({ quoteId, payload, context }: RemoveLineCommand): Promise<CommandResult> {
    return decideQuote(this.store, quoteId, { type: 'RemoveLine', quoteId, ...payload }, context);
  }
}
