import {
  type CommandContext,
  type CommandResult,
  type EventStore,
  handleCommand,
  loadState,
  stamped,
  streamName,
  type WithoutTimeAndActor,
} from '@ledger/event-sourcing';
import { type OpportunityCommand, opportunityDecider, type OpportunityState } from '../domain';
import { mayActOnOpportunity } from './opportunity-access';

export const OPPORTUNITY_CATEGORY = 'opportunity';

export const opportunityStream = (opportunityId: string): string => streamName(OPPORTUNITY_CATEGORY, opportunityId);

export const loadOpportunity = (store: EventStore, opportunityId: string): Promise<OpportunityState> =>
  loadState(store, opportunityDecider, opportunityStream(opportunityId));

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
    stamped<OpportunityCommand>(command, context),
    context,
    { authorize: mayActOnOpportunity(context.actor) },
  );
