import { resolve } from 'node:path';
import { writeFileSync } from 'node:fs';
import { Presets, SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { openEventStore } from '@ledger/event-sourcing';
import { loadAppConfig } from '@ledger/platform';
import { importCrmSales, readCrmSalesFolder, salesLogSettings } from '@ledger/sales';

/**
 * `salesctl import crm-sales <folder>`: the CRM sales data set (products, accounts, sales teams,
 * pipeline) through the command path, with a progress bar; the report of every cleaned or skipped
 * row is summarised here, written whole with `--report`, and kept in the log with the import.
 */
export function registerImportCommand(program: Command): void {
  const command = program.command('import').description('Import data into the ledger through the command path');
  command
    .command('crm-sales')
    .description('Import a folder in the layout of the CRM sales opportunities data set (idempotent: a second run appends nothing)')
    .argument('<folder>', 'holds products.csv, accounts.csv, sales_teams.csv and sales_pipeline.csv')
    .option('--report <file>', 'write the whole import report (every cleaned or skipped row) as JSON')
    .action(async (folder: string, options: { report?: string }) => {
      const files = readCrmSalesFolder(resolve(folder));
      const config = loadAppConfig(process.env);
      const store = openEventStore(salesLogSettings(config));
      const bar = new SingleBar(
        { format: 'import [{bar}] {percentage}% | {phase} {value}/{total} | {events} events', hideCursor: true, noTTYOutput: true, notTTYSchedule: 2000 },
        Presets.shades_classic,
      );
      try {
        let phase = '';
        const report = await importCrmSales(store, files, {
          actor: { userId: 'system:salesctl-import', role: 'system' },
          onProgress: (progress) => {
            if (progress.phase !== phase) {
              if (phase !== '') bar.stop();
              phase = progress.phase;
              if (phase !== 'done') bar.start(Math.max(progress.total, 1), progress.done, { phase, events: progress.events });
              return;
            }
            bar.update(progress.done, { phase, events: progress.events });
          },
        });
        const rows = report.counts.opportunities.made + report.counts.opportunities.alreadyThere;
        const cleaned = report.issues.reduce((sum, group) => sum + group.lines.length, 0);
        const lines = [
          `Import ${report.importId} (${report.source}, as of ${report.asOf})`,
          ...Object.entries(report.counts).map(([what, count]) => `  ${what.padEnd(14)} ${count.made} made, ${count.alreadyThere} already there`),
          `  ${cleaned} rows needed cleaning or were skipped:`,
          ...report.issues.map((group) => `    ${group.file} ${group.rule} (${group.field} ${JSON.stringify(group.value)}): ${group.lines.length} row(s), ${group.action}`),
          `${rows} rows, ${report.events} events in ${report.seconds.toFixed(2)} s (${report.eventsPerSecond} events/s)`,
        ];
        process.stdout.write(`${lines.join('\n')}\n`);
        if (options.report) writeFileSync(resolve(options.report), `${JSON.stringify(report, null, 2)}\n`);
      } finally {
        bar.stop();
        await store.close();
      }
    });
}
