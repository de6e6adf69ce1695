import { ROLES } from '@ledger/event-sourcing';
import { type AppConfig, issueToken } from '@ledger/platform';

/** In embedded mode a new user gets one ready-made token per role, to try the API at once. */
export function printDemoTokens(config: AppConfig, url: string): void {
  const lines = [`Sales ledger API listening on ${url} (${config.embedded ? `embedded store in ${config.dataDir}` : 'EventStoreDB'})`, `OpenAPI: ${url}/docs`];
  if (config.embedded) {
    lines.push(`Demo tokens (valid ${Math.round(config.jwtTtlSeconds / 3600)} h):`);
    for (const role of ROLES) {
      lines.push(`  ${role.padEnd(8)} ${issueToken(config.jwtSecret, { userId: `demo-${role}`, role }, config.jwtTtlSeconds)}`);
    }
    lines.push(`Example: curl -H "Authorization: Bearer <rep token>" ${url}/streams/opportunity-<id>`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}
