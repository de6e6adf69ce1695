import type { AllEvent, Event, EventCodec } from '@ledger/event-sourcing';
import { type CubeDefinition, cubeCollections } from '../cubes/cube';
import type { IndexSpec, ReadModelWrite, ReadStore } from '../read-store.port';

/**
 * A read model fed from the log: a pure function from one recorded event to the changes it makes.
 * It never reads the read model while projecting, so a batch of events is projected in memory and
 * committed at once, and a replay is safe when each write is guarded by the event's revision.
 */
export type Projection = {
  readonly name: string;
  /** Collections it owns: dropped on rebuild. */
  readonly collections: readonly string[];
  readonly indexes?: Readonly<Record<string, readonly IndexSpec[]>>;
  /** Totals the store keeps over its facts (see `CubeDefinition`); their cells are dropped with it on rebuild. */
  readonly cubes?: readonly CubeDefinition[];
  /** Event types it reacts to; any other event only moves its checkpoint. */
  readonly handles: ReadonlySet<string>;
  readonly project: (event: AllEvent) => readonly ReadModelWrite[];
};

/**
 * A projection of one or more aggregates' events, each decoded through its codec into its current
 * shape (older versions upcast) before `project` sees it; `recorded` is where it stands in the log.
 */
export function projectionOf<E extends Event>(
  spec: Omit<Projection, 'handles' | 'project'> & {
    readonly events: EventCodec<E>;
    /** Only these of the codec's types (the others only move the checkpoint); all when absent. */
    readonly only?: readonly E['type'][];
    readonly project: (event: E, recorded: AllEvent) => readonly ReadModelWrite[];
  },
): Projection {
  const { events, only, project, ...rest } = spec;
  return { ...rest, handles: new Set(only ?? events.types), project: (recorded) => project(events.decode(recorded), recorded) };
}

/**
 * Creates the indexes a projection declares (those `wanted`, all by default) and registers its
 * cubes (idempotent: both adapters accept existing ones).
 */
export async function ensureProjectionIndexes(readStore: ReadStore, projection: Projection, wanted: (index: IndexSpec) => boolean = () => true): Promise<void> {
  for (const [collection, indexes] of Object.entries(projection.indexes ?? {})) {
    const ensured = indexes.filter(wanted);
    if (ensured.length > 0) await readStore.ensureIndexes(collection, ensured);
  }
  if (projection.cubes) await readStore.registerCubes(projection.cubes);
}

/** Every collection a projection writes, its cubes' cells included. */
export const projectionCollections = (projection: Projection): string[] => [
  ...projection.collections,
  ...(projection.cubes ?? []).flatMap(cubeCollections),
];
