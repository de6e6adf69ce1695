import { type CommandContext, type CommandResult, type EventStore, handleCommand, streamName } from '@ledger/event-sourcing';
import { type OpportunityCommand, opportunityDecider } from '../domain';
import { mayActOnOpportunity } from './opportunity-access';

export const OPPORTUNITY_CATEGORY = 'opportunity';

export const opportunityStream = (opportunityId: string): string => streamName(OPPORTUNITY_CATEGORY, opportunityId);

type WithoutTimeAndActor<C> = C extends unknown ? Omit<C, 'at' | 'by'> : never;

/** Runs one opportunity command through the shared load → decide → append path; time and actor come from the context. */
export const decideOpportunity = (
  store: EventStore,
  opportunityId: string,
  command: WithoutTimeAndActor<OpportunityCommand>,
  context: CommandContext,
): Promise<CommandResult> =>
  handleCommand(
    store,
    opportunityDecider,
    opportunityStream(opportunityId),
    { ...command, at: context.occurredAt, by: context.actor.userId } as OpportunityCommand,
    context,
    { authorize: mayActOnOpportunity(context.actor) },
  );
