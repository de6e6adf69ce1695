import { type Command, InvalidArgumentError } from 'commander';
import { ROLES, type Role } from '@ledger/event-sourcing';
import { issueToken, loadAppConfig } from '@ledger/platform';

const parseRole = (value: string): Role => {
  if (!ROLES.includes(value as Role)) throw new InvalidArgumentError(`choose one of ${ROLES.join(', ')}`);
  return value as Role;
};

const parseSeconds = (value: string): number => {
  const seconds = Number(value);
  if (!Number.isInteger(seconds) || seconds < 60) throw new InvalidArgumentError('a whole number of seconds, at least 60');
  return seconds;
};

/** `salesctl token --role manager --user u1`: a bearer token signed with the API's key, found as the API finds it; never a new key. */
export function registerTokenCommand(program: Command): void {
  program
    .command('token')
    .description('Print a bearer token for a user and role')
    .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`, parseRole)
    .requiredOption('--user <id>', 'the user id the token speaks for')
    .option('--ttl <seconds>', 'lifetime in seconds (default JWT_TTL_SECONDS)', parseSeconds)
    .action((options: { role: Role; user: string; ttl?: number }) => {
      const config = loadAppConfig(process.env, 'refuse');
      process.stdout.write(`${issueToken(config.jwtSecret, { userId: options.user, role: options.role }, options.ttl ?? config.jwtTtlSeconds)}\n`);
    });
}
