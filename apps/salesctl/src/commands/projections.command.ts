import type { Command } from 'commander';
import { issueToken, loadAppConfig } from '@ledger/platform';

type Parked = { type: string; streamName: string; revision: number; error: string; attempts: number; parkedAt: string };
type Retried = { name: string; retried: number; applied: number; stillParked: Parked[] };

/**
 * `salesctl projections retry <name>`: asks the running API, which runs the process managers and
 * knows what they parked, to run a process manager's parked events again after a fix. It signs a
 * short-lived admin token with the API's key, found as `salesctl token` finds it.
 */
export function registerProjectionsCommand(program: Command): void {
  const command = program.command('projections').description('Operate the projections and process managers of a running API');
  command
    .command('retry')
    .description("Run a process manager's parked events again (after a fix); print what is still parked, and why")
    .argument('<name>', 'a process manager, as GET /projections names it')
    .option('--url <url>', 'the running API (default SALES_API_URL, else http://localhost:$PORT)')
    .action(async (name: string, options: { url?: string }) => {
      const config = loadAppConfig(process.env, 'refuse');
      const url = options.url ?? process.env.SALES_API_URL ?? `http://localhost:${config.port}`;
      const token = issueToken(config.jwtSecret, { userId: 'demo-admin', role: 'admin' }, 300);
      const response = await fetch(`${url}/projections/${encodeURIComponent(name)}/retry`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
      const body = (await response.json()) as Retried & { detail?: string };
      if (!response.ok) throw new Error(body.detail ?? `the API answered ${response.status}`);
      const lines = [
        `${body.name}: ${body.retried} parked event(s) retried, ${body.applied} applied, ${body.stillParked.length} still parked`,
        ...body.stillParked.map((event) => `  ${event.type} ${event.streamName}@${event.revision} (parked ${event.parkedAt}, ${event.attempts} attempts): ${event.error}`),
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
      if (body.stillParked.length > 0) process.exitCode = 2;
    });
}
