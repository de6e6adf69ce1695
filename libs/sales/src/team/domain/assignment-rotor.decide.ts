import { type Decider, exhaustive } from '@ledger/event-sourcing/kernel';
import type { AssignmentRotorCommand, PickNextOwner, PickNextOwners } from './assignment-rotor.commands';
import { AssignmentNoCandidatesError } from './assignment-rotor.errors';
import type { AssignmentRotorEvent } from './assignment-rotor.events';
import { type AssignmentRotorState, evolve, initialState } from './assignment-rotor.state';

/** Without repeats, in code-unit order (the order `<` compares strings in), so picks never depend on a locale. */
const sortedCandidates = (candidates: readonly string[]): string[] => [...new Set(candidates)].sort();

/**
 * Round robin by user id: the first candidate after the last owner, wrapping to the first. Because it
 * goes by id rather than by position, candidates may join or leave between picks without anyone
 * being skipped or served twice in a row (unless they are the only candidate).
 */
const pickNextOwner = (command: PickNextOwner, state: AssignmentRotorState): AssignmentRotorEvent[] => {
  const candidates = sortedCandidates(command.candidates);
  if (candidates.length === 0) throw new AssignmentNoCandidatesError(command.poolKey);
  const last = state.lastOwnerId;
  const ownerId = (last === null ? undefined : candidates.find((candidate) => candidate > last)) ?? candidates[0];
  return [
    {
      type: 'OwnerPicked',
      data: {
        poolKey: command.poolKey,
        opportunityId: command.opportunityId,
        ownerId,
        candidates,
        previousOwnerId: last,
        pickedAt: command.at,
      },
    },
  ];
};

const pickNextOwners = (command: PickNextOwners, state: AssignmentRotorState): AssignmentRotorEvent[] => {
  const events: AssignmentRotorEvent[] = [];
  let current = state;
  for (const { opportunityId, candidates } of command.picks) {
    const [picked] = pickNextOwner({ ...command, type: 'PickNextOwner', opportunityId, candidates }, current);
    events.push(picked);
    current = evolve(current, picked);
  }
  return events;
};

export const decide = (command: AssignmentRotorCommand, state: AssignmentRotorState): AssignmentRotorEvent[] => {
  switch (command.type) {
    case 'PickNextOwner':
      return pickNextOwner(command, state);
    case 'PickNextOwners':
      return pickNextOwners(command, state);
    default:
      return exhaustive(command);
  }
};

export const assignmentRotorDecider: Decider<AssignmentRotorCommand, AssignmentRotorState, AssignmentRotorEvent> = {
  initialState,
  decide,
  evolve,
  version: 1,
};
