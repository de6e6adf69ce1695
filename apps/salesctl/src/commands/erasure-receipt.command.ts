import type { Command } from 'commander';
import { openEventStore } from '@ledger/event-sourcing';
import { loadAppConfig } from '@ledger/platform';
import { erasureReceipt, formatErasureReceipt, salesLogSettings } from '@ledger/sales';

/** The `audit` group, made once whichever audit command registers first. */
const auditGroup = (program: Command): Command =>
  program.commands.find((command) => command.name() === 'audit') ?? program.command('audit').description('Audit the log');

/**
 * `salesctl audit erasure-receipt <contactId>`: what an erasure forgot, from the log's stored form
 * and the key store; exit code 1 unless the contact is erased and its key destroyed.
 */
export function registerErasureReceiptCommand(program: Command): void {
  auditGroup(program)
    .command('erasure-receipt')
    .description("Print what was erased of a contact: fields, events and streams that held them, by whom, when, why, and the key's fate")
    .argument('<contactId>', 'the contact id')
    .option('--json', 'print the receipt as JSON')
    .action(async (contactId: string, options: { json?: boolean }) => {
      const config = loadAppConfig(process.env);
      const store = openEventStore(salesLogSettings(config));
      try {
        const receipt = await erasureReceipt(store.stored, store.keys, contactId);
        process.stdout.write(options.json ? `${JSON.stringify(receipt, null, 2)}\n` : `${formatErasureReceipt(receipt).join('\n')}\n`);
        if (receipt.status !== 'erased') process.exitCode = 1;
      } finally {
        await store.close();
      }
    });
}
