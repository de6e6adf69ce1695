import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Position, SqliteEventStore } from '@ledger/event-sourcing';
import { MongoReadStore, ProjectionApplier, rebuildProjections } from '@ledger/read-store';
import { salesProjections } from '@ledger/sales';
import { ScriptedMongoServer } from '../libs/read-store/src/testing/scripted-mongodb';
import { seedHistory } from './rebuild.bench';
import { sized } from './support/mode';
import { type Row, round } from './support/stats';

const PAGE = 1000;

/**
 * What the MongoDB read store sends the server for the projections' commits, per 1,000 events:
 * every read model built from a generated log, then the same log applied again (a projector that
 * crashed before its checkpoints, a rebuild beside the projector). Each operation is one round
 * trip to a real server. Counted on the scripted server (libs/read-store/src/testing/
 * scripted-mongodb.ts), which reproduces MongoDB's behaviour, not its speed: counts, not times.
 */
export async function benchMongoCommits(): Promise<Row[]> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-mongo-commits-'));
  try {
    const file = join(dir, 'events.db');
    await seedHistory(file, sized(20_000, 2_000));
    const events = new SqliteEventStore(file);
    const server = new ScriptedMongoServer({ replicaSet: true });
    const store = await MongoReadStore.using(server.client(), 'sales');

    const counted = async (measure: string, run: () => Promise<number>): Promise<Row> => {
      const from = server.operations.length;
      const applied = await run();
      const sent = server.operations.slice(from);
      const per1000 = (...kinds: string[]): number => round(((kinds.length === 0 ? sent.length : sent.filter((name) => kinds.includes(name)).length) * 1000) / applied, 1);
      return { measure, events: applied, 'operations / 1,000 events': per1000(), 'reads (find)': per1000('find'), 'bulk writes': per1000('bulkWrite'), 'single writes': per1000('updateOne', 'replaceOne', 'updateMany', 'deleteMany', 'deleteOne') };
    };

    const build = await counted(`build every read model (${salesProjections.length} projections, batches of ${PAGE})`, async () => (await rebuildProjections(events, store, salesProjections)).events);
    const replay = await counted('apply the same log again (checkpoints ignored)', async () => {
      const appliers = salesProjections.map((projection) => new ProjectionApplier(store, projection));
      let applied = 0;
      let after: Position | undefined;
      for (;;) {
        const page = await events.readAll({ after, maxCount: PAGE });
        if (page.length === 0) break;
        for (const applier of appliers) await applier.apply(page);
        applied += page.length;
        after = page[page.length - 1].position;
      }
      for (const applier of appliers) await applier.flush();
      return applied;
    });
    await store.close();
    await events.close();
    return [build, replay];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
