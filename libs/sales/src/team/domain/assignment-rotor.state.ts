import { exhaustive } from '@ledger/event-sourcing/kernel';
import type { AssignmentRotorEvent } from './assignment-rotor.events';

/** Where the rotor of a pool stands: who got the last pick (null before the first), and how many picks. */
export type AssignmentRotorState = {
  readonly lastOwnerId: string | null;
  readonly picks: number;
};

export const initialState = (): AssignmentRotorState => ({ lastOwnerId: null, picks: 0 });

export const evolve = (state: AssignmentRotorState, event: AssignmentRotorEvent): AssignmentRotorState => {
  switch (event.type) {
    case 'OwnerPicked':
      return { lastOwnerId: event.data.ownerId, picks: state.picks + 1 };
    default:
      return exhaustive(event.type);
  }
};
