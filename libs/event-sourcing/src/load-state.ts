import type { EventStore } from './event-store.port';
import type { Decider, Event, EventCodec } from './kernel';

/** The current state of one stream, for a decision that needs to look at another aggregate first. */
export async function loadState<State, E extends Event>(
  store: EventStore,
  decider: Pick<Decider<unknown, State, E>, 'initialState' | 'evolve'>,
  codec: EventCodec<E>,
  streamName: string,
): Promise<State> {
  let state = decider.initialState();
  for (const event of await store.readStream(streamName)) state = decider.evolve(state, codec.decode(event));
  return state;
}
