import type { Actor, EventStore } from '@ledger/event-sourcing';
import { assertMayActFor, loadOpportunity } from '../../opportunity';
import type { QuoteState } from '../domain';

/** A rep acts on the quotes of their own opportunities; a quote not yet there is left to the domain. */
export const mayActOnQuote =
  (store: EventStore, actor: Actor) =>
  async (state: QuoteState): Promise<void> => {
    if (actor.role !== 'rep' || state.status === 'initial') return;
    const opportunity = await loadOpportunity(store, state.opportunityId);
    if (opportunity.status !== 'initial') assertMayActFor(actor, opportunity.ownerId, 'quotes');
  };
