import type { EventStore, Position } from '@ledger/event-sourcing';
import type { ReadStore } from '../read-store.port';
import { type Projection, ensureProjectionIndexes, projectionCollections } from './projection';
import { ProjectionApplier } from './projection-applier';

export type RebuildProgress = { readonly events: number; readonly position: Position };

export type RebuildResult = { readonly events: number; readonly seconds: number; readonly eventsPerSecond: number };

const PAGE = 2000;

/**
 * Drops the projections' read models and replays the whole log into them, reading it once for
 * all of them. Each page commits with its checkpoint, so a rebuild killed at any instant resumes
 * from where it stopped and ends identical to an uninterrupted one.
 */
export async function rebuildProjections(
  eventStore: EventStore,
  readStore: ReadStore,
  projections: readonly Projection[],
  onProgress: (progress: RebuildProgress) => void = () => undefined,
): Promise<RebuildResult> {
  for (const projection of projections) {
    await readStore.reset(projection.name, projectionCollections(projection));
    await ensureProjectionIndexes(readStore, projection);
  }
  return catchUp(eventStore, readStore, projections, undefined, onProgress);
}

/** Applies the log from `after` to the end, page by page, to every projection given. */
async function catchUp(
  eventStore: EventStore,
  readStore: ReadStore,
  projections: readonly Projection[],
  after: Position | undefined,
  onProgress: (progress: RebuildProgress) => void = () => undefined,
): Promise<RebuildResult> {
  const appliers = projections.map((projection) => new ProjectionApplier(readStore, projection));
  const started = process.hrtime.bigint();
  let events = 0;
  let cursor = after;
  for (;;) {
    const page = await eventStore.readAll({ after: cursor, maxCount: PAGE });
    if (page.length === 0) break;
    for (const applier of appliers) await applier.apply(page);
    events += page.length;
    cursor = page[page.length - 1].position;
    onProgress({ events, position: cursor });
  }
  for (const applier of appliers) await applier.flush();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { events, seconds, eventsPerSecond: seconds > 0 ? Math.round(events / seconds) : events };
}
