import type { AllEvent } from '../event-store.port';
import type { ActorRole, Decider, Event, EventCodec } from '../kernel';
import { positionOf } from '../position';

type Stamped = { readonly at: string; readonly by: string };

/**
 * The log as the event store would record it, without a store: the pure decider decides on the
 * folded state of the command's stream, and each event gets its stream revision and the next
 * position in `$all`. For projection tests that need exact control of revisions and positions.
 */
export class RecordingLog<Command extends Stamped, State, E extends Event> {
  readonly all: AllEvent[] = [];
  private readonly streams = new Map<string, { state: State; revision: number }>();

  constructor(
    private readonly decider: Decider<Command, State, E>,
    /** Stamps each event with the schema version its type is written with today. */
    private readonly codec: Pick<EventCodec<E>, 'version'>,
    private readonly streamOf: (command: Command) => string,
    private readonly roleOf: (userId: string) => ActorRole,
  ) {}

  record(command: Command): AllEvent[] {
    const streamName = this.streamOf(command);
    const stream = this.streams.get(streamName) ?? { state: this.decider.initialState(), revision: -1 };
    const decided = this.decider.decide(command, stream.state);
    const recorded = decided.map((event, index): AllEvent => ({
      id: `${streamName}@${stream.revision + 1 + index}`,
      streamName,
      revision: stream.revision + 1 + index,
      type: event.type,
      data: event.data,
      metadata: {
        commandId: `cmd-${this.all.length}`,
        correlationId: 'c',
        causationId: 'c',
        actor: { userId: command.by, role: this.roleOf(command.by) },
        occurredAt: command.at,
        schemaVersion: this.codec.version(event.type),
      },
      recordedAt: command.at,
      position: positionOf(this.all.length + 1 + index),
    }));
    this.streams.set(streamName, {
      state: decided.reduce(this.decider.evolve, stream.state),
      revision: stream.revision + decided.length,
    });
    this.all.push(...recorded);
    return recorded;
  }
}
