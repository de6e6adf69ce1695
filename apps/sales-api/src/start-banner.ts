import { ROLES, type Role } from '@ledger/event-sourcing';
import { type AppConfig, issueToken } from '@ledger/platform';
import { demoPeople, readCrmSalesFolder } from '@ledger/sales';

/**
 * The start-up banner: where the API listens, the catalogue's product codes (to quote with), and in
 * embedded mode one ready-made token per role, to try the API at once. With the demo data, the
 * manager and the rep are real people of the imported team (a manager with reps, and one of those
 * reps), so team-scoped views show data; the other roles are demo users.
 */
export function printStartBanner(config: AppConfig, url: string, productCodes: readonly string[]): void {
  const lines = [
    `Sales ledger API listening on ${url} (${config.embedded ? `embedded store in ${config.dataDir}` : 'EventStoreDB'})`,
    `OpenAPI: ${url}/docs`,
    `Dashboard: ${url}/dashboard`,
    `Catalogue: ${productCodes.length > 0 ? productCodes.join(', ') : 'empty (admins list products with POST /products)'}`,
  ];
  if (config.embedded) {
    const people = config.demoData === null ? null : demoPeople(readCrmSalesFolder(config.demoData));
    const actorFor = (role: Role): { userId: string; role: Role } => ({
      userId: role === 'manager' && people ? people.managerId : role === 'rep' && people ? people.repId : `demo-${role}`,
      role,
    });
    lines.push(`Demo tokens (valid ${Math.round(config.jwtTtlSeconds / 3600)} h):`);
    const tokens = Object.fromEntries(ROLES.map((role) => [role, issueToken(config.jwtSecret, actorFor(role), config.jwtTtlSeconds)]));
    for (const role of ROLES) lines.push(`  ${role.padEnd(8)} ${tokens[role]}`);
    if (people) lines.push(`The manager token is ${people.managerId}'s (a manager of the imported team), the rep token ${people.repId}'s (one of their reps).`);
    // Streams are for auditors (and admins, managers): a rep's token would get 403 here.
    lines.push(`An opportunity's history, as an auditor reads it: curl -H "Authorization: Bearer ${tokens.auditor}" ${url}/streams/opportunity-<id>`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}
