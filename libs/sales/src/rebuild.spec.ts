import fc from 'fast-check';
import { SqliteEventStore } from '@ledger/event-sourcing';
import { type Document, ProjectionApplier, type ReadStore, SqliteReadStore, projectionCollections, queryCube, rebuildProjections } from '@ledger/read-store';
import { OPPORTUNITY_IDS, OWNERS, addOwners, opportunityCommand, runCommands } from './opportunity/testing/opportunity-commands.arbitrary';
import { salesProjections } from './projections';

const step = fc.record({ command: opportunityCommand(OPPORTUNITY_IDS.length), actor: fc.constantFrom(...OWNERS) });

/** Every document of every collection the sales projections write, cube cells included, by collection and id. */
async function everyReadModel(store: ReadStore): Promise<Record<string, Document[]>> {
  const all: Record<string, Document[]> = {};
  for (const collection of salesProjections.flatMap(projectionCollections)) all[collection] = await store.find(collection, {}, { sort: { _id: 1 } });
  return all;
}

/** As the API projects: cube cells added up at start, then every event applied as it comes, one commit each. */
async function projectLive(events: SqliteEventStore, store: ReadStore): Promise<void> {
  const appliers = salesProjections.map((projection) => new ProjectionApplier(store, projection));
  for (const applier of appliers) await applier.prepare();
  for (const cube of salesProjections.flatMap((projection) => projection.cubes ?? [])) await queryCube(store, cube, { groupBy: [], sums: [] });
  for (const event of await events.readAll({ maxCount: 100_000 })) {
    for (const applier of appliers) await applier.apply([event]);
  }
}

describe('Rebuilding the read models', () => {
  it('gives every read model, cube cells included, exactly as live projection does, for generated histories', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 60 }), async (steps) => {
        const events = new SqliteEventStore(':memory:');
        const live = new SqliteReadStore(':memory:');
        const rebuilt = new SqliteReadStore(':memory:');
        try {
          await addOwners(events);
          let clock = Date.UTC(2026, 11, 1);
          await runCommands(
            events,
            steps.map(({ command, actor }) => ({ command, actor: { userId: actor, role: 'rep' as const }, occurredAt: new Date((clock += 3_600_000)).toISOString() })),
          );
          await projectLive(events, live);
          await rebuildProjections(events, rebuilt, salesProjections);
          expect(await everyReadModel(rebuilt)).toEqual(await everyReadModel(live));
        } finally {
          await Promise.all([live.close(), rebuilt.close(), events.close()]);
        }
      }),
      { numRuns: 40 },
    );
  });
});
