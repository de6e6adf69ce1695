import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandResult, EventStore, stamped } from '@ledger/event-sourcing';
import { type OpenOpportunity, opportunityDecider } from '../../domain';
import { assertMayActFor } from '../opportunity-access';
import { decideOpportunity, opportunityStream } from '../opportunity-stream';
import { OwnerAssigner } from './assign-owner';
import { OpenOpportunityCommand } from './open-opportunity.command';
import { AccountResolver } from './resolve-account';

@CommandHandler(OpenOpportunityCommand)
export class OpenOpportunityHandler implements ICommandHandler<OpenOpportunityCommand> {
  constructor(
    private readonly store: EventStore,
    private readonly accounts: AccountResolver,
    private readonly owners: OwnerAssigner,
  ) {}

  async execute({ opportunityId, payload, context }: OpenOpportunityCommand): Promise<CommandResult> {
    const { account, ownerId: requestedOwner, pool, ...details } = payload;
    const command = (accountId: string, accountName: string | null, ownerId: string): OpenOpportunity =>
      stamped<OpenOpportunity>({ type: 'OpenOpportunity', opportunityId, ...details, accountId, accountName, ownerId }, context);

    // A retry (or a second open) of an existing opportunity resolves and assigns nothing again.
    const [first] = await this.store.readStream(opportunityStream(opportunityId), { maxCount: 1 });
    if (first) return decideOpportunity(this.store, opportunityId, command('-', null, '-'), context);

    const { actor } = context;
    if (requestedOwner !== null) assertMayActFor(actor, requestedOwner);
    // Refuse a bad opportunity before registering an account or taking a rep's turn for it.
    opportunityDecider.decide(command('-', null, requestedOwner ?? actor.userId), opportunityDecider.initialState());

    const { accountId, accountName } = await this.accounts.resolve(account, context);
    if (requestedOwner !== null || actor.role === 'rep') {
      return decideOpportunity(this.store, opportunityId, command(accountId, accountName, requestedOwner ?? actor.userId), context);
    }
    const { ownerId, assignment } = await this.owners.assign(opportunityId, pool, actor, context);
    return decideOpportunity(this.store, opportunityId, { ...command(accountId, accountName, ownerId), assignment }, context);
  }
}
