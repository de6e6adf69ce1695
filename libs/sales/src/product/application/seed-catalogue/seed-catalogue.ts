import { readFileSync } from 'node:fs';
import { type CommandContext, derivedCommandId, type EventStore } from '@ledger/event-sourcing';
import { ProductAlreadyExistsError } from '../../domain';
import { parseProductsCsv } from '../../import/products-csv';
import { handleProduct } from '../product.handler';

export type SeedOutcome = { readonly listed: number; readonly alreadyListed: number };

const SEEDER = { userId: 'system:catalogue-seed', role: 'system' } as const;

/**
 * Lists every product of a products CSV that the catalogue does not have yet. Each product's
 * command id derives from its code, so running it again (every start) appends nothing; a product
 * listed earlier by hand is left as it is, prices included.
 */
export async function seedCatalogue(store: EventStore, csvPath: string, now: Date = new Date()): Promise<SeedOutcome> {
  const rows = parseProductsCsv(readFileSync(csvPath, 'utf8'));
  let listed = 0;
  for (const row of rows) {
    const commandId = derivedCommandId(row.productCode, 'seed-catalogue');
    const context: CommandContext = {
      commandId,
      correlationId: commandId,
      causationId: commandId,
      actor: SEEDER,
      occurredAt: now.toISOString(),
    };
    try {
      const result = await handleProduct(store, { type: 'ListProduct', ...row }, context);
      if (result.appended > 0) listed += 1;
    } catch (error) {
      if (!(error instanceof ProductAlreadyExistsError)) throw error;
    }
  }
  return { listed, alreadyListed: rows.length - listed };
}
