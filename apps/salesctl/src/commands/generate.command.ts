import { resolve } from 'node:path';
import { Presets, SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { openEventStore } from '@ledger/event-sourcing';
import { loadAppConfig } from '@ledger/platform';
import { generateHistory, readCrmSalesFolder, salesLogSettings } from '@ledger/sales';

const positiveInteger = (name: string) => (value: string): number => {
  const parsed = Number(value.replace(/_/g, ''));
  if (!Number.isSafeInteger(parsed) || parsed < 1) throw new Error(`${name} ${value} is not a positive whole number`);
  return parsed;
};

/**
 * `salesctl generate --opportunities 100000 --seed 1`: two years of realistic history through the
 * command path, into the log of DATA_DIR (or EVENTSTORE_URL), with a progress bar. The same seed
 * writes the same events; the read models follow when the API starts (or `salesctl rebuild`).
 */
export function registerGenerateCommand(program: Command): void {
  program
    .command('generate')
    .description('Append two years of generated sales history (deterministic for a seed) through the command path')
    .option('--opportunities <n>', 'opportunities opened over the two years', positiveInteger('--opportunities'))
    .option('--events <n>', 'instead: open as many opportunities as make about this many events', positiveInteger('--events'))
    .option('--seed <n>', 'the same seed appends the same history', positiveInteger('--seed'), 1)
    .option('--data-set <folder>', 'the CRM sales data set whose outcomes, deal sizes and cycle lengths are sampled', 'seed/crm-sales')
    .action(async (options: { opportunities?: number; events?: number; seed: number; dataSet: string }) => {
      if (options.opportunities !== undefined && options.events !== undefined) throw new Error('give --opportunities or --events, not both');
      const config = loadAppConfig(process.env);
      const store = openEventStore(salesLogSettings(config));
      const bar = new SingleBar(
        { format: 'generate [{bar}] {percentage}% | day {value}/{total} | {opportunities} opportunities | {events} events', hideCursor: true, noTTYOutput: true, notTTYSchedule: 2000 },
        Presets.shades_classic,
      );
      try {
        bar.start(731, 0, { opportunities: 0, events: 0 });
        const report = await generateHistory(store, {
          seed: options.seed,
          opportunities: options.opportunities,
          events: options.events,
          dataSet: readCrmSalesFolder(resolve(options.dataSet)),
          approvals: config.approvals,
          onProgress: ({ day, opportunities, events }) => bar.update(day, { opportunities, events }),
        });
        bar.stop();
        process.stdout.write(
          `Generated ${report.from} … ${report.to} with seed ${report.seed}: ${report.opportunities} opportunities (${report.won} won, ${report.lost} lost, ${report.open} open; ${report.quotes} quoted), ` +
            `${report.accounts} accounts, ${report.contacts} contacts\n` +
            `${report.events} events in ${report.seconds.toFixed(1)} s (${report.eventsPerSecond} events/s)\n`,
        );
      } finally {
        bar.stop();
        await store.close();
      }
    });
}
