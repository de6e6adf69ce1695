import { ROLES, type Role } from '@ledger/event-sourcing';
import { type AppConfig, issueToken } from '@ledger/platform';
import { readFileSync } from 'node:fs';
import { demoPeople, firstManagerAndRep, parseSalesTeamsCsv, readCrmSalesFolder } from '@ledger/sales';

/**
 * The start-up banner: where the API listens, the catalogue's product codes (to quote with), and in
 * embedded mode one ready-made token per role, to try the API at once. The manager and the rep are
 * real people of the team directory (with the demo data, the manager whose team won most and their
 * best rep; else the seeded team's first manager and one of their reps), so what they open has an
 * owner of the team and team-scoped views show data; the other roles are demo users.
 */
export function printStartBanner(config: AppConfig, url: string, productCodes: readonly string[]): void {
  const lines = [
    `Sales ledger API listening on ${url} (${config.embedded ? `embedded store in ${config.dataDir}` : 'EventStoreDB'})`,
    `OpenAPI: ${url}/docs`,
    `Dashboard: ${url}/dashboard`,
    `Catalogue: ${productCodes.length > 0 ? productCodes.join(', ') : 'empty (admins list products with POST /products)'}`,
  ];
  if (config.replica) {
    const { until, position, events, madeFrom } = config.replica;
    lines.push(`Replica of ${madeFrom} as it stood at ${until} (${events} events, up to position ${position ?? 'none'}): read-only, every change is refused (403 read-only-replica)`);
  }
  if (config.embedded) {
    const people =
      config.demoData !== null
        ? demoPeople(readCrmSalesFolder(config.demoData))
        : config.seedTeamCsv !== null
          ? firstManagerAndRep(parseSalesTeamsCsv(readFileSync(config.seedTeamCsv, 'utf8')))
          : null;
    const actorFor = (role: Role): { userId: string; role: Role } => ({
      userId: role === 'manager' && people ? people.managerId : role === 'rep' && people ? people.repId : `demo-${role}`,
      role,
    });
    lines.push(`Demo tokens (valid ${Math.round(config.jwtTtlSeconds / 3600)} h):`);
    // A replica is only read: its tokens are the roles that read everything.
    const roles = config.replica ? ROLES.filter((role) => role === 'admin' || role === 'auditor' || role === 'analyst') : ROLES;
    const tokens = Object.fromEntries(roles.map((role) => [role, issueToken(config.jwtSecret, actorFor(role), config.jwtTtlSeconds)]));
    for (const role of roles) lines.push(`  ${role.padEnd(8)} ${tokens[role]}`);
    if (people) lines.push(`The manager token is ${people.managerId}'s (a manager of the team directory), the rep token ${people.repId}'s (one of their reps).`);
    // Streams are for auditors (and admins, managers): a rep's token would get 403 here.
    lines.push(`An opportunity's history, as an auditor reads it: curl -H "Authorization: Bearer ${tokens.auditor}" ${url}/streams/opportunity-<id>`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}
