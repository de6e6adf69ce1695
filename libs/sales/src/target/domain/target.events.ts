import { type Event, eventCodec, type Money } from '@ledger/event-sourcing/kernel';

/** Whose target: one agent's, or a manager's whole team's. */
export type TargetScope = 'agent' | 'team';

/** A revenue target for a month (`2017-08`) or a quarter (`2017-Q3`), net of tax like revenue; set again to change it. */
export type TargetSet = Event<
  'TargetSet',
  {
    readonly targetId: string;
    readonly scope: TargetScope;
    /** The agent, or the manager whose team it is. */
    readonly subjectId: string;
    readonly period: string;
    readonly amount: Money;
    /** The amount it replaces; null for the first. */
    readonly previous: Money | null;
    readonly setAt: string;
    readonly setBy: string;
  }
>;

export type TargetEvent = TargetSet;
export type TargetEventType = TargetEvent['type'];

/** Every target event type with its current schema version. */
export const targetEvents = eventCodec<TargetEvent>({
  TargetSet: 1,
});
