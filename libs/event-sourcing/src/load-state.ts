import type { EventStore } from './event-store.port';
import type { Decider, Event, EventCodec } from './kernel';
import { foldStream } from './snapshots';

/** The current state of one stream, for a decision that needs to look at another aggregate first (from its snapshot where kept). */
export async function loadState<State, E extends Event>(
  store: EventStore,
  decider: Pick<Decider<unknown, State, E>, 'initialState' | 'evolve' | 'version'>,
  codec: EventCodec<E>,
  streamName: string,
): Promise<State> {
  return (await foldStream(store, { decider, codec }, streamName)).state;
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
    private readonly decider: Pick<Decider<unknown, State, E>, 'initialState' | 'evolve' | 'version'>,
    private readonly codec: EventCodec<E>,
    private readonly capacity = 10_000,
  ) {}

  async current(streamName: string): Promise<State> {
    const cached = this.states.get(streamName);
    let revision: number;
    let state: State;
    if (cached === undefined) {
      // First seen: from the stream's snapshot where one is kept.
      ({ revision, state } = await foldStream(this.store, { decider: this.decider, codec: this.codec }, streamName));
      if (revision === -1) return state;
    } else {
      const newer = await this.store.readStream(streamName, { fromRevision: cached.revision + 1 });
      if (newer.length === 0) return cached.state;
      state = newer.reduce((folded, event) => this.decider.evolve(folded, this.codec.decode(event)), cached.state);
      revision = newer[newer.length - 1].revision;
    }
    // A slower concurrent read may arrive after a newer one: keep the newest.
    if ((this.states.get(streamName)?.revision ?? -1) < revision) {
      this.states.delete(streamName);
      if (this.states.size >= this.capacity) this.states.delete(this.states.keys().next().value as string);
      this.states.set(streamName, { revision, state });
    }
    return state;
  }
}
