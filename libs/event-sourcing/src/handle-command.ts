import { ConcurrencyConflictError, IdempotencyKeyReusedError, StaleRevisionError } from './command-errors';
import { commandOutcomes, eventStoreAppendSeconds, outcomeOf } from './command-metrics';
import { eventIdFor } from './event-id';
import { type EventStore, type EventToAppend, WrongExpectedRevisionError } from './event-store.port';
import type { Actor, Decider, Event, EventCodec } from './kernel';
import type { Position } from './position';
import { meetsPrecondition, type RevisionPrecondition } from './revision-precondition';
import { type FoldedStream, foldStream } from './snapshots';
import { categoryOf } from './stream-name';

export type CommandContext = {
  readonly commandId: string;
  readonly correlationId: string;
  readonly causationId: string;
  readonly actor: Actor;
  readonly occurredAt: string;
  /** What the client's `If-Match` asks of the stream; absent means "decide on whatever is current". */
  readonly expectedRevision?: RevisionPrecondition;
  /** Hash of the request behind an Idempotency-Key; a replay with another hash is refused. */
  readonly requestHash?: string;
};

/** A domain command without the time and actor, which the shared path takes from the context. */
export type WithoutTimeAndActor<C> = C extends unknown ? Omit<C, 'at' | 'by'> : never;

/** Fills in the time and actor of a domain command from its context. */
export const stamped = <C>(command: WithoutTimeAndActor<C>, context: CommandContext): C =>
  ({ ...command, at: context.occurredAt, by: context.actor.userId }) as C;

/** What a command did to its stream. */
export type StreamCommandResult = {
  readonly streamName: string;
  /** Revision of the stream after the command; -1 if the stream still does not exist. */
  readonly revision: number;
  /** Position in `$all` of the command's last event (or of the stream's last event when nothing was appended). */
  readonly position: Position | null;
  /** How many events this call appended. */
  readonly appended: number;
  /** True when the command id was already in the stream: the first outcome is answered again. */
  readonly replayed: boolean;
};

/** What a command did, and to which record: what every command handler answers. */
export type CommandResult = StreamCommandResult & {
  /** The id of the record (the stream's id within its category). */
  readonly id: string;
};

export type HandleCommandOptions<State = unknown> = {
  /** Runs on the loaded state before `decide`; throws to refuse (for example, a rep acting on another rep's record). */
  readonly authorize?: (state: State) => void | Promise<void>;
  /** Attempts in all when concurrent writers move the stream and the client sent no `If-Match`. */
  readonly maxAttempts?: number;
  /**
   * The state is whatever the last event says (an assignment rotor): read only that event. A retry
   * is then recognised only while its event is still the last one.
   */
  readonly stateFromLastEvent?: boolean;
};

const DEFAULT_MAX_ATTEMPTS = 4;

/** Load the stream, fold it, decide, append with the revision read; the one path every command takes. */
export async function handleCommand<Command, State, E extends Event>(
  store: EventStore,
  decider: Decider<Command, State, E>,
  codec: EventCodec<E>,
  streamName: string,
  command: Command,
  context: CommandContext,
  options: HandleCommandOptions<State> = {},
): Promise<StreamCommandResult> {
  const aggregate = categoryOf(streamName);
  try {
    const result = await decideAndAppend(store, decider, codec, streamName, command, context, options);
    commandOutcomes.inc({ aggregate, result: result.replayed ? 'replayed' : result.appended > 0 ? 'appended' : 'unchanged' });
    return result;
  } catch (error) {
    commandOutcomes.inc({ aggregate, result: outcomeOf(error) });
    throw error;
  }
}

async function decideAndAppend<Command, State, E extends Event>(
  store: EventStore,
  decider: Decider<Command, State, E>,
  codec: EventCodec<E>,
  streamName: string,
  command: Command,
  context: CommandContext,
  options: HandleCommandOptions<State>,
): Promise<StreamCommandResult> {
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  for (let attempt = 1; ; attempt += 1) {
    const loaded = await load(store, decider, codec, streamName, context.commandId, options.stateFromLastEvent === true);
    if (loaded.earlier) {
      if (context.requestHash !== undefined && loaded.earlierRequestHash !== undefined && context.requestHash !== loaded.earlierRequestHash) {
        throw new IdempotencyKeyReusedError(streamName);
      }
      return loaded.earlier;
    }
    // Who may act comes first: a caller refused anyway learns nothing of the record's revision (RFC 9110 §13.2.1).
    await options.authorize?.(loaded.state);
    if (context.expectedRevision !== undefined && !meetsPrecondition(context.expectedRevision, loaded.revision)) {
      throw new StaleRevisionError(streamName, context.expectedRevision, loaded.revision);
    }
    const decided = decider.decide(command, loaded.state);
    if (decided.length === 0) {
      return { streamName, revision: loaded.revision, position: loaded.position, appended: 0, replayed: false };
    }
    const appending = eventStoreAppendSeconds.startTimer({ aggregate: categoryOf(streamName) });
    try {
      const result = await store.append(
        streamName,
        decided.map((event, index) => toAppend(event, codec.version(event.type), index, context)),
        loaded.revision === -1 ? 'no_stream' : loaded.revision,
      );
      appending();
      return {
        streamName,
        revision: result.nextExpectedRevision,
        position: result.position,
        appended: result.alreadyWritten ? 0 : decided.length,
        replayed: result.alreadyWritten === true,
      };
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError)) throw error;
      if (context.expectedRevision !== undefined) {
        throw new StaleRevisionError(streamName, context.expectedRevision, error.actual);
      }
      if (attempt >= maxAttempts) throw new ConcurrencyConflictError(streamName, attempt);
    }
  }
}

type Loaded<State> = {
  state: State;
  revision: number;
  position: Position | null;
  earlier: StreamCommandResult | null;
  earlierRequestHash: string | undefined;
};

async function load<State, E extends Event>(
  store: EventStore,
  decider: Pick<Decider<unknown, State, E>, 'initialState' | 'evolve' | 'version'>,
  codec: EventCodec<E>,
  streamName: string,
  commandId: string,
  lastEventOnly: boolean,
): Promise<Loaded<State>> {
  const { state, revision, position, earlier } = lastEventOnly
    ? await lastEventState(store, decider, codec, streamName, commandId)
    : await foldStream(store, { decider, codec }, streamName, commandId);
  return {
    state,
    revision,
    position,
    earlier: earlier && { streamName, revision: earlier.revision, position: earlier.position ?? null, appended: 0, replayed: true },
    earlierRequestHash: earlier?.metadata.requestHash,
  };
}

async function lastEventState<State, E extends Event>(
  store: EventStore,
  decider: Pick<Decider<unknown, State, E>, 'initialState' | 'evolve'>,
  codec: EventCodec<E>,
  streamName: string,
  commandId: string,
): Promise<FoldedStream<State>> {
  const [last] = await store.readStream(streamName, { direction: 'backwards', maxCount: 1 });
  if (last === undefined) return { state: decider.initialState(), revision: -1, position: null, earlier: null };
  return {
    state: decider.evolve(decider.initialState(), codec.decode(last)),
    revision: last.revision,
    position: last.position ?? null,
    earlier: last.metadata.commandId === commandId ? last : null,
  };
}

function toAppend(event: Event, schemaVersion: number, index: number, context: CommandContext): EventToAppend {
  return {
    id: eventIdFor(context.commandId, index),
    type: event.type,
    data: event.data,
    metadata: {
      commandId: context.commandId,
      correlationId: context.correlationId,
      causationId: context.causationId,
      actor: context.actor,
      occurredAt: context.occurredAt,
      schemaVersion,
      ...(context.requestHash === undefined ? {} : { requestHash: context.requestHash }),
    },
  };
}
