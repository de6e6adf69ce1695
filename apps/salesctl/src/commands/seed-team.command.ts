import { resolve } from 'node:path';
import type { Command } from 'commander';
import { openEventStore } from '@ledger/event-sourcing';
import { loadAppConfig } from '@ledger/platform';
import { seedTeam, salesLogSettings } from '@ledger/sales';

/** `salesctl seed-team [csv]`: add the members of a sales-team CSV that the directory does not have yet. */
export function registerSeedTeamCommand(program: Command): void {
  program
    .command('seed-team')
    .description('Add the members of a CSV (sales_agent,manager,regional_office) to the team directory; idempotent')
    .argument('[csv]', 'the file', 'seed/crm-sales/sales_teams.csv')
    .action(async (csv: string) => {
      const config = loadAppConfig(process.env);
      const store = openEventStore(salesLogSettings(config));
      try {
        const { added, alreadyThere } = await seedTeam(store, resolve(csv));
        process.stdout.write(`Team: ${added} added, ${alreadyThere} already there\n`);
      } finally {
        await store.close();
      }
    });
}
