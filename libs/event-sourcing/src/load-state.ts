import type { EventStore } from './event-store.port';
import type { Decider, Event } from './kernel';

/** The current state of one stream, for a decision that needs to look at another aggregate first. */
export async function loadState<State, E extends Event>(
  store: EventStore,
  decider: Pick<Decider<unknown, State, E>, 'initialState' | 'evolve'>,
  streamName: string,
): Promise<State> {
  let state = decider.initialState();
  // A recorded event has `type` and `data` like a domain event; evolve reads nothing else.
  for (const event of await store.readStream(streamName)) state = decider.evolve(state, event as unknown as E);
  return state;
}
