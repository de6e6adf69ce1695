import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandContext, type CommandResult, EventStore } from '@ledger/event-sourcing';
import { type AssignmentPool, requireActiveMember } from '../../../team';
import { checkOpen, type OpenOpportunity } from '../../domain';
import { assertMayOpenFor } from '../opportunity-access';
import { handleOpportunity, opportunityStream } from '../opportunity.handler';
import { OwnerAssigner } from './assign-owner';
import { type AccountChoice, AccountResolver } from './resolve-account';

export type Opening = Omit<OpenOpportunity, 'type' | 'at' | 'by' | 'accountId' | 'accountName' | 'ownerId' | 'assignment'> & {
  readonly account: AccountChoice;
  /** null: a rep who opens it owns it; anyone else's opportunity is assigned by the configured rule. */
  readonly ownerId: string | null;
  /** Where the rule looks for an owner; the opener's team for a manager, every rep otherwise. */
  readonly pool: AssignmentPool | null;
};

/** Opens an opportunity: finds or registers its account, and assigns an owner by rule when none is named. */
export class OpenOpportunityCommand extends Command<CommandResult> {
  constructor(
    readonly opening: Opening,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(OpenOpportunityCommand)
export class OpenOpportunityHandler implements ICommandHandler<OpenOpportunityCommand> {
  constructor(
    private readonly store: EventStore,
    private readonly accounts: AccountResolver,
    private readonly owners: OwnerAssigner,
  ) {}

  async execute({ opening, context }: OpenOpportunityCommand): Promise<CommandResult> {
    const { account, ownerId: requestedOwner, pool, ...details } = opening;
    const { opportunityId } = details;
    const open = (accountId: string, accountName: string | null, ownerId: string) =>
      handleOpportunity(this.store, { type: 'OpenOpportunity', ...details, accountId, accountName, ownerId }, context);

    const { actor } = context;
    const ownerId = requestedOwner ?? (actor.role === 'rep' ? actor.userId : null);
    if (ownerId !== null) assertMayOpenFor(actor, ownerId);
    checkOpen({ ...details, at: context.occurredAt });
    // A retry (an Idempotency-Key, or an assigned open, which must not take another rep's turn)
    // is answered by the opportunity's stream before anything else is written.
    if (ownerId === null || context.requestHash !== undefined) {
      const [first] = await this.store.readStream(opportunityStream(opportunityId), { maxCount: 1 });
      if (first) return open('-', null, '-');
    }

    // An owner outside the directory, or an empty pool, is refused before an account is registered on the fly.
    if (ownerId !== null) await requireActiveMember(this.store, ownerId, 'the owner');
    const chosen = ownerId === null ? await this.owners.choosePool(pool, actor) : null;
    // Resolving is idempotent (a name finds the same account; one made on the fly has an id derived from the request).
    const { accountId, accountName } = await this.accounts.resolve(account, context);
    if (ownerId !== null) return open(accountId, accountName, ownerId);
    const assigned = await this.owners.assign(opportunityId, chosen!, details.amount?.currency ?? null, context);
    return handleOpportunity(
      this.store,
      { type: 'OpenOpportunity', ...details, accountId, accountName, ownerId: assigned.ownerId, assignment: assigned.assignment },
      context,
    );
  }
}
