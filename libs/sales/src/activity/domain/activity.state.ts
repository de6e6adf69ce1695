import { exhaustive } from '@ledger/event-sourcing/kernel';
import type { ActivityEvent, ActivityLogged } from './activity.events';

/** What was logged, with every later correction applied. */
export type ActivityFacts = ActivityLogged['data'];

export type InitialActivityState = { readonly status: 'initial' };
export type LoggedActivityState = { readonly status: 'logged' } & ActivityFacts;

export type ActivityState = InitialActivityState | LoggedActivityState;

export type ActivityStatus = ActivityState['status'];

export const initialState = (): ActivityState => ({ status: 'initial' });

/**
 * Events come from the log, so they are trusted: an event that makes no sense in the current state
 * (which `decide` never produces: a second logging, a correction of nothing) leaves the state as it is
 * instead of breaking every later load.
 */
export const evolve = (state: ActivityState, event: ActivityEvent): ActivityState => {
  switch (event.type) {
    case 'ActivityLogged':
      return state.status === 'initial' ? { status: 'logged', ...event.data } : state;
    case 'ActivityCorrected': {
      if (state.status === 'initial') return state;
      const { subject, outcome, body, durationMinutes, occurredAt } = event.data.changes;
      return {
        ...state,
        ...(subject !== undefined ? { subject } : {}),
        ...(outcome !== undefined ? { outcome } : {}),
        ...(body !== undefined ? { body } : {}),
        ...(durationMinutes !== undefined ? { durationMinutes } : {}),
        ...(occurredAt !== undefined ? { occurredAt } : {}),
      };
    }
    default:
      return exhaustive(event);
  }
};
