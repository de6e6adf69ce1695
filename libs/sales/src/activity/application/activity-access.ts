import { type Actor, DomainError } from '@ledger/event-sourcing';
import type { ActivityState } from '../domain';

export class NextStepNotYoursError extends DomainError {
  constructor() {
    super(
      'next-step-not-yours',
      'forbidden',
      'A rep assigns the next step of an activity only to themselves; a manager may hand it on afterwards.',
    );
  }
}

export class NotTheLoggerError extends DomainError {
  constructor() {
    super('not-the-logger', 'forbidden', 'A rep corrects only the activities they logged; this one was logged by someone else.');
  }
}

/** The next step becomes a task of its assignee: a rep's only of their own. */
export const assertMayAssignNextStep = (actor: Actor, assigneeId: string): void => {
  if (actor.role === 'rep' && actor.userId !== assigneeId) throw new NextStepNotYoursError();
};

/**
 * The `authorize` hook of a correction: reps correct what they logged; managers, admins and the
 * system anything. An activity not yet there is left to the domain to refuse.
 */
export const mayCorrectActivity =
  (actor: Actor) =>
  (state: ActivityState): void => {
    if (actor.role === 'rep' && state.status !== 'initial' && state.loggedBy !== actor.userId) throw new NotTheLoggerError();
  };
