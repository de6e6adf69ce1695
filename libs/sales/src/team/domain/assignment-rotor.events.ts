import type { Event } from '@ledger/event-sourcing/kernel';

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

export const ASSIGNMENT_ROTOR_EVENT_TYPES: readonly AssignmentRotorEventType[] = ['OwnerPicked'];
