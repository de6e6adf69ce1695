import type { EventStore } from './event-store.port';
import {
  type CommandContext,
  type CommandResult,
  handleCommand,
  type HandleCommandOptions,
  stamped,
  type WithoutTimeAndActor,
} from './handle-command';
import type { Decider, Event, EventCodec } from './kernel';
import { loadState } from './load-state';
import { streamName } from './stream-name';

/** The streams of one aggregate type: their names, their current state, and the command path onto them. */
export type AggregateStreams<Command, State> = {
  readonly category: string;
  readonly stream: (id: string) => string;
  readonly load: (store: EventStore, id: string) => Promise<State>;
  /** load → authorize → decide → append, through the aggregate's codec; time and actor come from the context. */
  readonly handle: (
    store: EventStore,
    id: string,
    command: WithoutTimeAndActor<Command>,
    context: CommandContext,
    options?: HandleCommandOptions<State>,
  ) => Promise<CommandResult>;
};

export function aggregateStreams<Command, State, E extends Event>(
  category: string,
  decider: Decider<Command, State, E>,
  codec: EventCodec<E>,
): AggregateStreams<Command, State> {
  const stream = (id: string): string => streamName(category, id);
  return {
    category,
    stream,
    load: (store, id) => loadState(store, decider, codec, stream(id)),
    handle: async (store, id, command, context, options) => ({
      id,
      ...(await handleCommand(store, decider, codec, stream(id), stamped<Command>(command, context), context, options)),
    }),
  };
}
