import { type Actor, DomainError } from '@ledger/event-sourcing';
import type { OpportunityState } from '../domain';

export class NotTheOwnerError extends DomainError {
  constructor(what: string) {
    super('not-the-owner', 'forbidden', `A rep acts only on their own ${what}; this one belongs to another rep.`);
  }
}

/** Reps act on their own opportunities; managers, admins and the system on any. */
export const assertMayActFor = (actor: Actor, ownerId: string, what = 'opportunities'): void => {
  if (actor.role === 'rep' && actor.userId !== ownerId) throw new NotTheOwnerError(what);
};

/** The `authorize` hook of an opportunity command: an opportunity not yet there is left to the domain to refuse. */
export const mayActOnOpportunity =
  (actor: Actor) =>
  (state: OpportunityState): void => {
    if (state.status !== 'initial') assertMayActFor(actor, state.ownerId);
  };
