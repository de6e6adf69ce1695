import { type Actor, DomainError } from '@ledger/event-sourcing';
import type { TaskState } from '../domain';

export class NotTheAssigneeError extends DomainError {
  constructor(detail = 'this one is assigned to someone else') {
    super('not-the-assignee', 'forbidden', `A rep acts only on tasks assigned to them; ${detail}.`);
  }
}

/** Reps act on the tasks assigned to them; managers, admins and the system on any. */
export const assertMayActAsAssignee = (actor: Actor, assigneeId: string): void => {
  if (actor.role === 'rep' && actor.userId !== assigneeId) throw new NotTheAssigneeError();
};

/** A rep creates tasks only for themselves; anyone else for anyone. */
export const assertMayCreateTaskFor = (actor: Actor, assigneeId: string): void => {
  if (actor.role === 'rep' && actor.userId !== assigneeId) {
    throw new NotTheAssigneeError('a rep creates tasks only for themselves');
  }
};

/**
 * The `authorize` hook of a task command: a task not yet there is left to the domain to refuse.
 * A rep may reassign their own task to anyone: the check is on the assignee before the command.
 */
export const mayActOnTask =
  (actor: Actor) =>
  (state: TaskState): void => {
    if (state.status !== 'initial') assertMayActAsAssignee(actor, state.assigneeId);
  };
