import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandResult, EventStore } from '@ledger/event-sourcing';
import { decideQuote } from '../quote-stream';
import { SetTaxCommand } from './set-tax.command';

@CommandHandler(SetTaxCommand)
export class SetTaxHandler implements ICommandHandler<SetTaxCommand> {
  constructor(private readonly store: EventStore) {}

  execute({ quoteId, payload, context }: SetTaxCommand): Promise<CommandResult> {
    return decideQuote(this.store, quoteId, { type: 'SetTax', quoteId, ...payload }, context);
  }
}
