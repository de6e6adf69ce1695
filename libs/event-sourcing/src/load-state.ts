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

type CachedState<State> = { readonly revision: number; readonly state: State };

/**
 * The current states of many streams of one aggregate, for a check made on every request (who a
 * token's user is, whether an API key still holds). Each state is kept with its stream revision and
 * a read fetches only the events after it (one indexed read, almost always empty), so a new event
 * is seen at once, in every process, and no entry is ever stale. The least recently used entries
 * are dropped beyond `capacity`.
 */
export class CachedStreamStates<State, E extends Event> {
  private readonly states = new Map<string, CachedState<State>>();

  constructor(
    private readonly store: EventStore,
    private readonly decider: Pick<Decider<unknown, State, E>, 'initialState' | 'evolve'>,
    private readonly codec: EventCodec<E>,
    private readonly capacity = 10_000,
  ) {}

  async current(streamName: string): Promise<State> {
    const cached = this.states.get(streamName) ?? { revision: -1, state: this.decider.initialState() };
    const newer = await this.store.readStream(streamName, { fromRevision: cached.revision + 1 });
    if (newer.length === 0) return cached.state;
    const state = newer.reduce((folded, event) => this.decider.evolve(folded, this.codec.decode(event)), cached.state);
    const revision = newer[newer.length - 1].revision;
    // A slower concurrent read may arrive after a newer one: keep the newest.
    if ((this.states.get(streamName)?.revision ?? -1) < revision) {
      this.states.delete(streamName);
      if (this.states.size >= this.capacity) this.states.delete(this.states.keys().next().value as string);
      this.states.set(streamName, { revision, state });
    }
    return state;
  }
}
