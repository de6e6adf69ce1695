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

    const { actor } = context;
    const ownerId = requestedOwner ?? (actor.role === 'rep' ? actor.userId : null);
    if (ownerId !== null) assertMayActFor(actor, ownerId);
    // Refuse a bad opportunity before registering an account or taking a rep's turn for it.
    opportunityDecider.decide(command('-', null, ownerId ?? actor.userId), opportunityDecider.initialState());
    // A retry (an Idempotency-Key, or an assigned open, which must not take another rep's turn)
    // is answered by the opportunity's stream before anything else is written.
    if (ownerId === null || context.requestHash !== undefined) {
      const [first] = await this.store.readStream(opportunityStream(opportunityId), { maxCount: 1 });
      if (first) return decideOpportunity(this.store, opportunityId, command('-', null, '-'), context);
    }

    // An empty pool is refused before an account is registered on the fly.
    const chosen = ownerId === null ? await this.owners.choosePool(pool, actor) : null;
    // Resolving is idempotent (a name finds the same account; one made on the fly has an id derived from the request).
    const { accountId, accountName } = await this.accounts.resolve(account, context);
    if (ownerId !== null) return decideOpportunity(this.store, opportunityId, command(accountId, accountName, ownerId), context);
    const assigned = await this.owners.assign(opportunityId, chosen!, details.amount?.currency ?? null, context);
    return decideOpportunity(this.store, opportunityId, { ...command(accountId, accountName, assigned.ownerId), assignment: assigned.assignment }, context);
  }
}
