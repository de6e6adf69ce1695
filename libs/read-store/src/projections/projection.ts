import type { AllEvent } from '@ledger/event-sourcing';
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
  /** Event types it reacts to; any other event only moves its checkpoint. */
  readonly handles: ReadonlySet<string>;
  readonly project: (event: AllEvent) => readonly ReadModelWrite[];
};

/** Creates the indexes a projection declares (idempotent: both adapters accept existing ones). */
export async function ensureProjectionIndexes(readStore: ReadStore, projection: Projection): Promise<void> {
  for (const [collection, indexes] of Object.entries(projection.indexes ?? {})) {
    await readStore.ensureIndexes(collection, indexes);
  }
}
