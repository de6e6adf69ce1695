import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandResult, EventStore } from '@ledger/event-sourcing';
import { decideQuote } from '../quote-stream';
import { ChangeLineCommand } from './change-line.command';

@CommandHandler(ChangeLineCommand)
export class ChangeLineHandler implements ICommandHandler<ChangeLineCommand> {
  constructor(private readonly store: EventStore) {}

  execute({ quoteId, payload, context }: ChangeLineCommand): Promise<CommandResult> {
    return decideQuote(this.store, quoteId, { type: 'ChangeLine', quoteId, ...payload }, context);
  }
}
