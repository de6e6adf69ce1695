import { type Event, eventCodec } from '@ledger/event-sourcing/kernel';

/** The rotor chose the owner of an opportunity; the next pick starts after them. */
export type OwnerPicked = Event<
  'OwnerPicked',
  {
    readonly poolKey: string;
    readonly opportunityId: string;
    readonly ownerId: string;
    /** The candidates the pick was made among: without repeats, sorted ascending. */
    readonly candidates: readonly string[];
    /** The owner of the pool's previous pick; null on its first. */
    readonly previousOwnerId: string | null;
    readonly pickedAt: string;
  }
>;

export type AssignmentRotorEvent = OwnerPicked;

export type AssignmentRotorEventType = AssignmentRotorEvent['type'];

/** Every assignment rotor event type with its current schema version. */
export const assignmentRotorEvents = eventCodec<AssignmentRotorEvent>({
  OwnerPicked: 1,
});
