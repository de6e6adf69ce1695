import { Command, CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandContext, derivedCommandId, type Position } from '@ledger/event-sourcing';
import { ProjectionRuntime, ReadStore, RetryLaterError } from '@ledger/read-store';
import { ChangeOpportunityAccountCommand, OPPORTUNITY_VIEWS, opportunityViewProjection } from '../../opportunity';

const VIEW_WAIT_MS = 10_000;

/** Move every opportunity of a merged account to the account it was merged into. */
export class FollowAccountMergeCommand extends Command<number> {
  constructor(
    readonly mergedAccountId: string,
    readonly intoAccountId: string,
    /** The merge event's position: the opportunity view must have reached it before it is asked. */
    readonly mergedAt: Position,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** Not parked: the process resumes from its checkpoint until the view has caught up. */
export class OpportunityViewBehindError extends RetryLaterError {
  override name = 'OpportunityViewBehindError';
}

/**
 * The merge event names no opportunities, so the opportunity view is asked, once it has reached the
 * merge. Each move's command id derives from this command's and the opportunity, so a replay moves
 * nothing twice, and only an opportunity still on the merged account moves. One opened on the merged
 * account as it was merged is moved by the `OpportunityOpened` half of the process.
 */
@CommandHandler(FollowAccountMergeCommand)
export class FollowAccountMergeHandler implements ICommandHandler<FollowAccountMergeCommand> {
  constructor(
    private readonly commands: CommandBus,
    private readonly readStore: ReadStore,
    private readonly runtime: ProjectionRuntime,
  ) {}

  async execute({ mergedAccountId, intoAccountId, mergedAt, context }: FollowAccountMergeCommand): Promise<number> {
    if (!(await this.runtime.waitFor(mergedAt, [opportunityViewProjection.name], VIEW_WAIT_MS))) {
      throw new OpportunityViewBehindError(`the opportunity view has not reached the merge of ${mergedAccountId} yet`);
    }
    const opportunities = await this.readStore.find<{ _id: string }>(OPPORTUNITY_VIEWS, { accountId: mergedAccountId }, { projection: { _id: 1 } });
    for (const { _id: opportunityId } of opportunities) {
      const moveContext = { ...context, commandId: derivedCommandId(context.commandId, opportunityId) };
      const move = { opportunityId, accountId: intoAccountId, reason: 'merge', onlyFromAccountId: mergedAccountId } as const;
      await this.commands.execute(new ChangeOpportunityAccountCommand(move, moveContext));
    }
    return opportunities.length;
  }
}
