import { Presets, SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { copyFileSync, existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { cutLogCopyAt, formatPosition, openEventStore, positionOf, snapshotSqliteFile } from '@ledger/event-sourcing';
import { loadAppConfig, REPLICA_MARK_FILE, type ReplicaMark } from '@ledger/platform';
import { openReadStore, rebuildProjections } from '@ledger/read-store';
import { salesLogSettings, salesProjections } from '@ledger/sales';

const EVENTS_FILE = 'events.db';
const READ_MODELS_FILE = 'read-models.db';

/** A folder that does not exist yet or is empty: a replay never writes over anything. */
function prepareTarget(folder: string): void {
  if (existsSync(folder) && readdirSync(folder).length > 0) throw new Error(`${folder} is not empty: replay into a new folder`);
  mkdirSync(folder, { recursive: true });
}

/**
 * The log up to the instant, byte for byte: a consistent snapshot of the whole database (a running
 * API may keep writing), then every event recorded after the instant removed from the copy.
 * Positions, ids, times and everything stored with an event stay as they were.
 */
function copyLogUntil(source: string, target: string, until: Date): { events: number; position: string | null } {
  snapshotSqliteFile(source, target);
  const { events, lastPosition } = cutLogCopyAt(target, until);
  return { events, position: lastPosition === null ? null : formatPosition(positionOf(lastPosition)) };
}

/** Everything else the data folder keeps (the JWT key, so today's tokens read the replica; key stores): databases as consistent snapshots. */
function copyCompanions(source: string, target: string): void {
  for (const name of readdirSync(source)) {
    if (name === EVENTS_FILE || name === READ_MODELS_FILE || name === REPLICA_MARK_FILE || /-(wal|shm|journal)$/.test(name)) continue;
    const path = join(source, name);
    if (!statSync(path).isFile()) continue;
    if (name.endsWith('.db')) snapshotSqliteFile(path, join(target, name));
    else copyFileSync(path, join(target, name));
  }
}

/**
 * `salesctl replay --until <instant> --into <folder>`: a data folder holding the log as it stood at
 * that instant and every read model built from it, marked as a replica. `DATA_DIR=<folder> npm
 * start` then serves the whole API as it answered then, read-only, beside the live one.
 */
export function registerReplayCommand(program: Command): void {
  program
    .command('replay')
    .description('Build a read-only data folder holding the log and every read model as of an instant (embedded store)')
    .requiredOption('--until <instant>', 'ISO-8601 instant: events recorded at or before it are kept')
    .requiredOption('--into <folder>', 'a new or empty folder')
    .action(async (options: { until: string; into: string }) => {
      const until = new Date(options.until);
      if (!/^\d{4}-\d{2}-\d{2}T/.test(options.until) || Number.isNaN(until.getTime())) throw new Error(`--until ${options.until} is not an ISO-8601 instant`);
      if (until.getTime() > Date.now()) throw new Error(`--until ${options.until} is in the future; history ends at the present`);
      const config = loadAppConfig(process.env, 'refuse');
      if (!config.embedded) throw new Error('replay copies the embedded log (DATA_DIR); it cannot copy an EventStoreDB log yet');
      if (config.mongodbUrl) throw new Error('replay copies the embedded data folder; with MONGODB_URL the read models and the personal-data keys are on MongoDB');
      const source = join(config.dataDir, EVENTS_FILE);
      if (!existsSync(source)) throw new Error(`no log in ${config.dataDir} (DATA_DIR): nothing to replay`);
      const folder = resolve(options.into);
      if (folder === config.dataDir) throw new Error('--into must be another folder than DATA_DIR');
      prepareTarget(folder);
      const started = Date.now();
      const kept = copyLogUntil(source, join(folder, EVENTS_FILE), until);
      copyCompanions(config.dataDir, folder);
      // Through the personal-data layer, with the replica's copy of the keys: the views hold what the live ones held.
      const eventStore = openEventStore(salesLogSettings({ eventStoreUrl: null, mongodbUrl: null, dataDir: folder }));
      const readStore = await openReadStore({ mongodbUrl: null, dataDir: folder });
      const bar = new SingleBar({ format: 'replay [{bar}] {percentage}% | {events} events', hideCursor: true, noTTYOutput: true, notTTYSchedule: 2000 }, Presets.shades_classic);
      try {
        bar.start(Math.max(kept.events, 1), 0, { events: 0 });
        const result = await rebuildProjections(eventStore, readStore, salesProjections, ({ events }) => bar.update(events, { events }));
        bar.update(Math.max(kept.events, 1), { events: result.events });
      } finally {
        bar.stop();
        await readStore.close();
        await eventStore.close();
      }
      const mark: ReplicaMark = { until: until.toISOString(), position: kept.position, events: kept.events, madeFrom: config.dataDir, madeAt: new Date().toISOString() };
      writeFileSync(join(folder, REPLICA_MARK_FILE), `${JSON.stringify(mark, null, 2)}\n`);
      process.stdout.write(
        `Replayed ${kept.events} events (up to position ${kept.position ?? 'none'}, recorded by ${mark.until}) into ${folder} in ${((Date.now() - started) / 1000).toFixed(2)} s\n` +
          `Serve it read-only beside the live API: DATA_DIR=${folder} PORT=3001 npm start\n`,
      );
    });
}
