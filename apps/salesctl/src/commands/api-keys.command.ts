import { type Command, InvalidArgumentError } from 'commander';
import { ROLES, type Role } from '@ledger/event-sourcing';
import { issueToken, loadAppConfig } from '@ledger/platform';

type ApiKey = { id: string; name: string; roles: Role[]; issuedAt: string; issuedBy: string; revokedAt: string | null; lastUsedAt: string | null };
type Issued = { id: string; name: string; roles: Role[]; secret: string; header: string };
type Connection = { url?: string; as: string };

const parseRoles = (value: string): Role[] => {
  const roles = value.split(',').map((role) => role.trim());
  if (roles.length === 0 || roles.some((role) => !ROLES.includes(role as Role))) throw new InvalidArgumentError(`a comma-separated list of ${ROLES.join(', ')}`);
  return roles as Role[];
};

/**
 * Calls the running API as an admin, with a short-lived token signed with the API's key (found as
 * `salesctl token` finds it); `--as` names the admin the log records as issuer or revoker.
 */
async function callApi<T>(options: Connection, method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const config = loadAppConfig(process.env, 'refuse');
  const url = options.url ?? process.env.SALES_API_URL ?? `http://localhost:${config.port}`;
  const token = issueToken(config.jwtSecret, { userId: options.as, role: 'admin' }, 300);
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const answer = (await response.json()) as T & { detail?: string; code?: string };
  if (!response.ok) throw new Error(`${answer.code ?? response.status}: ${answer.detail ?? `the API answered ${response.status}`}`);
  return answer;
}

const withConnection = (command: Command): Command =>
  command
    .option('--url <url>', 'the running API (default SALES_API_URL, else http://localhost:$PORT)')
    .option('--as <userId>', 'the admin the log records', 'salesctl');

/** `salesctl api-keys create|list|revoke`: keys for machine clients, through the running API (which keeps only each secret's hash). */
export function registerApiKeysCommand(program: Command): void {
  const command = program.command('api-keys').description('Issue, list and revoke API keys for machine clients, on a running API');
  withConnection(command.command('create'))
    .description('Issue a key and print its Authorization header, shown this once')
    .requiredOption('--name <name>', 'which client holds the key')
    .requiredOption('--roles <roles>', 'comma-separated: admin, auditor, analyst', parseRoles)
    .action(async (options: Connection & { name: string; roles: Role[] }) => {
      const issued = await callApi<Issued>(options, 'POST', '/api-keys', { name: options.name, roles: options.roles });
      process.stdout.write(`${issued.id} ${issued.name} (${issued.roles.join(', ')})\nAuthorization: ${issued.header}\nThe secret is shown only now; the API keeps its hash.\n`);
    });
  withConnection(command.command('list'))
    .description('List the keys (never a secret), newest first')
    .action(async (options: Connection) => {
      const keys: ApiKey[] = [];
      let cursor: string | null = null;
      do {
        const page: { items: ApiKey[]; nextCursor: string | null } = await callApi(options, 'GET', `/api-keys?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        keys.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor !== null);
      const lines = keys.map(
        (key) => `${key.id} ${key.name} (${key.roles.join(', ')}) issued ${key.issuedAt} by ${key.issuedBy}; last used ${key.lastUsedAt ?? 'never'}${key.revokedAt ? `; revoked ${key.revokedAt}` : ''}`,
      );
      process.stdout.write(lines.length === 0 ? 'No API keys.\n' : `${lines.join('\n')}\n`);
    });
  withConnection(command.command('revoke'))
    .description('Revoke a key: every request with it is refused from now on')
    .argument('<id>', 'the key id, as create or list printed it')
    .requiredOption('--reason <reason>', 'why (recorded in the log)')
    .action(async (id: string, options: Connection & { reason: string }) => {
      await callApi(options, 'POST', `/api-keys/${encodeURIComponent(id)}/revoke`, { reason: options.reason });
      process.stdout.write(`${id} revoked\n`);
    });
}
