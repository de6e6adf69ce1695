import { aggregateCommandHandler, AggregateCommandMessage, aggregateStreams, type CommandContext, type CommandResult, EventStore, type WithoutTimeAndActor } from '@ledger/event-sourcing';
import { type OpportunityCommand, opportunityDecider, opportunityEvents } from '../domain';
import { requireActiveMember } from '../../team';
import { assertMayOpenFor, mayActOnOpportunity } from './opportunity-access';

const opportunities = aggregateStreams('opportunity', opportunityDecider, opportunityEvents);

export const OPPORTUNITY_CATEGORY = opportunities.category;
export const opportunityStream = opportunities.stream;
export const loadOpportunity = opportunities.load;

/**
 * load → authorize → decide → append, for any opportunity command: a rep acts on their own
 * opportunities and opens them only for themselves; a new owner (opening, reassigning) is an active
 * member of the team directory, read from their stream.
 */
export const handleOpportunity = (
  store: EventStore,
  command: WithoutTimeAndActor<OpportunityCommand>,
  context: CommandContext,
): Promise<CommandResult> =>
  opportunities.handle(store, command.opportunityId, command, context, {
    authorize: async (state) => {
      mayActOnOpportunity(context.actor)(state);
      // Opening one that is already there, or reassigning one that is not, is left to `decide` to refuse as such.
      if (command.type === 'OpenOpportunity' && state.status === 'initial') {
        assertMayOpenFor(context.actor, command.ownerId);
        await requireActiveMember(store, command.ownerId, 'the owner');
      }
      if (command.type === 'ReassignOwner' && state.status !== 'initial' && state.ownerId !== command.ownerId) {
        await requireActiveMember(store, command.ownerId, 'the owner');
      }
    },
  });

/** Any opportunity command, carried on the bus. */
export class OpportunityCommandMessage extends AggregateCommandMessage<OpportunityCommand> {}

export const OpportunityHandler = aggregateCommandHandler(OpportunityCommandMessage, handleOpportunity);
