import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandResult, EventStore } from '@ledger/event-sourcing';
import { decideOpportunity } from '../opportunity-stream';
import { MarkLostCommand } from './mark-lost.command';

@CommandHandler(MarkLostCommand)
export class MarkLostHandler implements ICommandHandler<MarkLostCommand> {
  constructor(private readonly store: EventStore) {}

  execute({ opportunityId, payload, context }: MarkLostCommand): Promise<CommandResult> {
    return decideOpportunity(this.store, opportunityId, { type: 'MarkLost', opportunityId, ...payload }, context);
  }
}
