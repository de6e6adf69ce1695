import { SingleBar, Presets } from 'cli-progress';
import type { Command } from 'commander';
import { type EventStore, openEventStore } from '@ledger/event-sourcing';
import { loadAppConfig } from '@ledger/platform';
import { type Projection, type ReadStore, openReadStore, rebuildProjections } from '@ledger/read-store';
import { salesProjections, salesLogSettings } from '@ledger/sales';

function choose(names: readonly string[]): readonly Projection[] {
  if (names.length === 0) return salesProjections;
  const known = new Map(salesProjections.map((projection) => [projection.name, projection]));
  return names.map((name) => {
    const projection = known.get(name);
    if (!projection) throw new Error(`unknown projection "${name}"; known: ${[...known.keys()].join(', ')}`);
    return projection;
  });
}

/**
 * `salesctl rebuild [projection…]`: drop read models and replay the log into them. In embedded
 * mode stop the API first: its workers keep their own place in the log.
 */
export function registerRebuildCommand(program: Command): void {
  program
    .command('rebuild')
    .description('Drop and replay read models from the log (all when none is named)')
    .argument('[projections...]', `names: ${salesProjections.map((p) => p.name).join(', ')}`)
    .action(async (names: string[]) => {
      const projections = choose(names);
      const config = loadAppConfig(process.env);
      const eventStore: EventStore = openEventStore(salesLogSettings(config));
      const readStore: ReadStore = await openReadStore({ mongodbUrl: config.mongodbUrl, dataDir: config.dataDir });
      // Its redraw timer keeps the process alive until stopped: stopped in `finally`, or a failed rebuild would never exit.
      const bar = new SingleBar(
        { format: 'rebuild [{bar}] {percentage}% | {events} events | {rate} events/s', hideCursor: true, noTTYOutput: true, notTTYSchedule: 2000 },
        Presets.shades_classic,
      );
      try {
        const head = await eventStore.lastPosition();
        const total = head ? Number(head.commit) : 0;
        const started = Date.now();
        bar.start(Math.max(total, 1), 0, { events: 0, rate: 0 });
        const result = await rebuildProjections(eventStore, readStore, projections, ({ events, position }) => {
          const seconds = Math.max((Date.now() - started) / 1000, 0.001);
          bar.update(Math.min(Number(position.commit), total), { events, rate: Math.round(events / seconds) });
        });
        bar.update(Math.max(total, 1), { events: result.events, rate: result.eventsPerSecond });
        bar.stop();
        process.stdout.write(
          `Rebuilt ${projections.map((p) => p.name).join(', ')}: ${result.events} events in ${result.seconds.toFixed(2)} s (${result.eventsPerSecond} events/s)\n`,
        );
      } finally {
        bar.stop();
        await readStore.close();
        await eventStore.close();
      }
    });
}
