import { resolve } from 'node:path';
import type { Command } from 'commander';
import { openEventStore } from '@ledger/event-sourcing';
import { loadAppConfig } from '@ledger/platform';
import { seedCatalogue, salesLogSettings } from '@ledger/sales';

/** `salesctl seed-products [csv]`: list the products of a CSV that the catalogue does not have yet. */
export function registerSeedProductsCommand(program: Command): void {
  program
    .command('seed-products')
    .description('List the products of a CSV (product,series,sales_price) in the catalogue; idempotent')
    .argument('[csv]', 'the file', 'seed/crm-sales/products.csv')
    .action(async (csv: string) => {
      const config = loadAppConfig(process.env);
      const store = openEventStore(salesLogSettings(config));
      try {
        const { listed, alreadyListed } = await seedCatalogue(store, resolve(csv));
        process.stdout.write(`Catalogue: ${listed} listed, ${alreadyListed} already there\n`);
      } finally {
        await store.close();
      }
    });
}
