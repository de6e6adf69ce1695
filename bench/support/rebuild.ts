import { join } from 'node:path';
import { SqliteEventStore } from '@ledger/event-sourcing';
import { SqliteReadStore, rebuildProjections } from '@ledger/read-store';
import { salesProjections } from '@ledger/sales';
import { type Row, round } from './stats';

/** Rebuilds every read model of a data folder's log (embedded), timed. */
export async function rebuildDataDir(dataDir: string): Promise<Row> {
  const events = new SqliteEventStore(join(dataDir, 'events.db'));
  const readModels = new SqliteReadStore(join(dataDir, 'read-models.db'));
  const result = await rebuildProjections(events, readModels, salesProjections);
  await readModels.close();
  await events.close();
  return { measure: `rebuild every read model (${salesProjections.length} projections, embedded)`, events: result.events, seconds: round(result.seconds, 2), 'events/s': result.eventsPerSecond };
}
