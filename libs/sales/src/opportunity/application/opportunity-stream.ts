import { aggregateStreams, type CommandContext, type CommandResult, type EventStore, type WithoutTimeAndActor } from '@ledger/event-sourcing';
import { type OpportunityCommand, opportunityDecider, opportunityEvents } from '../domain';
import { mayActOnOpportunity } from './opportunity-access';

const opportunities = aggregateStreams('opportunity', opportunityDecider, opportunityEvents);

export const OPPORTUNITY_CATEGORY = opportunities.category;
export const opportunityStream = opportunities.stream;
export const loadOpportunity = opportunities.load;

/** Runs one opportunity command through the shared load → authorize → decide → append path. */
export const decideOpportunity = (
  store: EventStore,
  opportunityId: string,
  command: WithoutTimeAndActor<OpportunityCommand>,
  context: CommandContext,
): Promise<CommandResult> =>
  opportunities.handle(store, opportunityId, command, context, { authorize: mayActOnOpportunity(context.actor) });
