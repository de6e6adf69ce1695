import { ROLES, type Role } from '@ledger/event-sourcing';
import { type AppConfig, issueToken } from '@ledger/platform';
import { demoPeople, readCrmSalesFolder } from '@ledger/sales';

/**
 * In embedded mode a new user gets one ready-made token per role, to try the API at once. With the
 * demo data, the manager and the rep are real people of the imported team (a manager with reps, and
 * one of those reps), so team-scoped views show data; the other roles are demo users.
 */
export function printDemoTokens(config: AppConfig, url: string): void {
  const lines = [`Sales ledger API listening on ${url} (${config.embedded ? `embedded store in ${config.dataDir}` : 'EventStoreDB'})`, `OpenAPI: ${url}/docs`, `Dashboard: ${url}/dashboard`];
  if (config.embedded) {
    const people = config.demoData === null ? null : demoPeople(readCrmSalesFolder(config.demoData));
    const actorFor = (role: Role): { userId: string; role: Role } => ({
      userId: role === 'manager' && people ? people.managerId : role === 'rep' && people ? people.repId : `demo-${role}`,
      role,
    });
    lines.push(`Demo tokens (valid ${Math.round(config.jwtTtlSeconds / 3600)} h):`);
    for (const role of ROLES) lines.push(`  ${role.padEnd(8)} ${issueToken(config.jwtSecret, actorFor(role), config.jwtTtlSeconds)}`);
    if (people) lines.push(`The manager token is ${people.managerId}'s (a manager of the imported team), the rep token ${people.repId}'s (one of their reps).`);
    lines.push(`Example: curl -H "Authorization: Bearer <auditor token>" ${url}/streams/opportunity-<id>`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}
