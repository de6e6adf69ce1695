import { aggregateCommandHandler, AggregateCommandMessage, aggregateStreams, type CommandContext, type CommandResult, EventStore, type WithoutTimeAndActor } from '@ledger/event-sourcing';
import { type OpportunityCommand, opportunityDecider, opportunityEvents } from '../domain';
import { mayActOnOpportunity } from './opportunity-access';

const opportunities = aggregateStreams('opportunity', opportunityDecider, opportunityEvents);

export const OPPORTUNITY_CATEGORY = opportunities.category;
export const opportunityStream = opportunities.stream;
export const loadOpportunity = opportunities.load;

/** load → authorize (a rep acts on their own opportunities) → decide → append, for any opportunity command. */
export const handleOpportunity = (
  store: EventStore,
  command: WithoutTimeAndActor<OpportunityCommand>,
  context: CommandContext,
): Promise<CommandResult> =>
  opportunities.handle(store, command.opportunityId, command, context, { authorize: mayActOnOpportunity(context.actor) });

/** Any opportunity command, carried on the bus. */
export class OpportunityCommandMessage extends AggregateCommandMessage<OpportunityCommand> {}

export const OpportunityHandler = aggregateCommandHandler(OpportunityCommandMessage, handleOpportunity);
