import { type Actor, DomainError } from '@ledger/event-sourcing';
import type { OpportunityState } from '../domain';

export class NotTheOwnerError extends DomainError {
  constructor(what: string) {
    super('not-the-owner', 'forbidden', `A rep acts only on their own ${what}; this one belongs to another rep.`);
  }
}

export class CannotOpenForAnotherRepError extends DomainError {
  constructor(ownerId: string) {
    super(
      'cannot-open-for-another-rep',
      'forbidden',
      `A rep opens opportunities only for themselves; opening one for ${ownerId} was refused. Leave ownerId out (you own it), or ask a manager to open it for them.`,
    );
  }
}

/** A rep opens opportunities only for themselves; managers, admins and the system for anyone. */
export const assertMayOpenFor = (actor: Actor, ownerId: string): void => {
  if (actor.role === 'rep' && actor.userId !== ownerId) throw new CannotOpenForAnotherRepError(ownerId);
};

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
