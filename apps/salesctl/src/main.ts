import { Command } from 'commander';
import { registerApiKeysCommand } from './commands/api-keys.command';
import { registerAuditCommand } from './commands/audit.command';
import { registerDoctorCommand } from './commands/doctor.command';
import { registerErasureReceiptCommand } from './commands/erasure-receipt.command';
import { registerGenerateCommand } from './commands/generate.command';
import { registerImportCommand } from './commands/import.command';
import { registerProjectionsCommand } from './commands/projections.command';
import { registerRebuildCommand } from './commands/rebuild.command';
import { registerReplayCommand } from './commands/replay.command';
import { registerSeedProductsCommand } from './commands/seed-products.command';
import { registerSeedTeamCommand } from './commands/seed-team.command';
import { registerTokenCommand } from './commands/token.command';

// Wide enough that the description, which names every command, stays on one line.
const program = new Command().name('salesctl').showHelpAfterError().configureHelp({ helpWidth: 140 });

registerTokenCommand(program);
registerRebuildCommand(program);
registerReplayCommand(program);
registerImportCommand(program);
registerGenerateCommand(program);
registerProjectionsCommand(program);
registerDoctorCommand(program);
registerSeedProductsCommand(program);
registerSeedTeamCommand(program);
registerApiKeysCommand(program);
// The audit group first: the erasure receipt joins it.
registerAuditCommand(program);
registerErasureReceiptCommand(program);
// Named from the commands registered above, so the help never promises one that does not exist.
program.description(`Operate the sales ledger: ${program.commands.map((command) => command.name()).join(', ')}`);

program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`salesctl: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
