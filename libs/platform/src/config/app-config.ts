import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Every setting the apps read, with its default; `.env.example` lists the same. */
export type AppConfig = {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly eventStoreUrl: string | null;
  readonly mongodbUrl: string | null;
  readonly jwtSecret: string;
  readonly jwtTtlSeconds: number;
  readonly logLevel: string;
  readonly embedded: boolean;
  /** Whether sales-api runs the projections itself: yes in embedded mode, no beside a sales-projector. */
  readonly runProjections: boolean;
  /** The projections and process managers this process runs (`CONSUMERS`, comma-separated names); null: all of them. */
  readonly consumers: readonly string[] | null;
  readonly approvals: ApprovalSettings;
  /** How often sent quotes past their validity are expired; 0 turns the job off. */
  readonly quoteExpiryIntervalSeconds: number;
  /** A products CSV to list in the catalogue at start (idempotent); null for none. */
  readonly seedProductsCsv: string | null;
  /** A sales-team CSV to add to the team directory at start (idempotent); null for none. */
  readonly seedTeamCsv: string | null;
  /** A folder of the CRM data set imported on a first start, so a new user sees a live business; null for none. */
  readonly demoData: string | null;
  /** A command's load that folded this many events past its stream's snapshot writes a new one; 0 keeps no snapshots. */
  readonly snapshotEvery: number;
  /** `/health/ready` answers 503 while a projection is further behind the log than this. */
  readonly readyMaxLagEvents: number;
  readonly assignment: AssignmentSettings;
  readonly protections: ProtectionSettings;
  /** Set when the data folder is a replay (`salesctl replay`): the log as it stood at an instant, served read-only. */
  readonly replica: ReplicaMark | null;
};

/** What `salesctl replay` writes into the folder it makes, and what makes an API started on it read-only. */
export type ReplicaMark = {
  /** The instant the log was replayed up to (events recorded at or before it). */
  readonly until: string;
  /** The position of the last event kept; null when nothing had been recorded by then. */
  readonly position: string | null;
  readonly events: number;
  /** The data folder it was made from. */
  readonly madeFrom: string;
  readonly madeAt: string;
};

export const REPLICA_MARK_FILE = 'replica.json';

/** The mark of a replayed data folder, or null for a live one. */
export function readReplicaMark(dataDir: string): ReplicaMark | null {
  const file = join(dataDir, REPLICA_MARK_FILE);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as ReplicaMark) : null;
}

/** What the API does against browsers on other sites and clients that call too often. */
export type ProtectionSettings = {
  /** Origins whose pages may call the API from a browser (CORS); empty: none, CORS is off. */
  readonly corsOrigins: readonly string[];
  /** Requests a minute one token's user (its `sub`) may make; 0 turns the limit off. */
  readonly rateLimitPerMinute: number;
  /** Requests a minute one client IP address may make, whatever its tokens; 0 turns the limit off. */
  readonly rateLimitPerIpPerMinute: number;
  /** The bearer secret `GET /metrics` asks for; null: admins' and auditors' tokens. */
  readonly metricsToken: string | null;
};

/** How an opportunity opened without an owner (by a manager, an admin, an import) gets one. */
export type AssignmentSettings = {
  /** `round-robin` through the pool's reps in turn, or `least-loaded` by open pipeline value. */
  readonly rule: 'round-robin' | 'least-loaded';
  /** The first follow-up task is due this many days after the opportunity is opened. */
  readonly followUpDueDays: number;
};

/** When a quote or an order needs a manager's approval; the version is recorded on the events. */
export type ApprovalSettings = {
  readonly version: string;
  /** Above this effective discount (basis points) a quote needs approval. */
  readonly maxDiscountBp: number;
  /** Above this total (minor units, tax included) a quote needs approval. */
  readonly maxQuoteTotalMinor: number;
  /** Above this total an order needs approval. */
  readonly maxOrderTotalMinor: number;
};

export class ConfigError extends Error {
  override name = 'ConfigError';
}

type Env = Record<string, string | undefined>;

const MIN_SECRET_LENGTH = 32;

/**
 * What to do where no JWT key exists yet: the API makes one (embedded mode, first start); a tool
 * that only signs tokens for the running API must find that key, never make another.
 */
export type MissingJwtSecret = 'create' | 'refuse';

export function loadAppConfig(env: Env = process.env, missingJwtSecret: MissingJwtSecret = 'create'): AppConfig {
  const dataDir = resolve(env.DATA_DIR || './data');
  const eventStoreUrl = env.EVENTSTORE_URL || null;
  const mongodbUrl = env.MONGODB_URL || null;
  const embedded = eventStoreUrl === null;
  // A replica is a record of the past: nothing may be added to it, not even the seeds and the demo data.
  const replica = embedded ? readReplicaMark(dataDir) : null;
  const unlessReplica = <T>(value: T): T | null => (replica === null ? value : null);
  return {
    port: integer(env, 'PORT', 3000, 0, 65535),
    host: env.HOST || '0.0.0.0',
    dataDir,
    eventStoreUrl,
    mongodbUrl,
    jwtSecret: resolveJwtSecret(env, dataDir, embedded, missingJwtSecret),
    jwtTtlSeconds: integer(env, 'JWT_TTL_SECONDS', 12 * 3600, 60, 30 * 24 * 3600),
    logLevel: env.LOG_LEVEL || 'info',
    embedded,
    runProjections: boolean(env, 'RUN_PROJECTIONS', embedded),
    consumers: names(env, 'CONSUMERS'),
    approvals: approvalSettings(env),
    quoteExpiryIntervalSeconds: replica ? 0 : integer(env, 'QUOTE_EXPIRY_INTERVAL_SECONDS', 3600, 0, 7 * 24 * 3600),
    seedProductsCsv: unlessReplica(seedFile(env.SEED_PRODUCTS_CSV, embedded, 'seed/crm-sales/products.csv')),
    seedTeamCsv: unlessReplica(seedFile(env.SEED_TEAM_CSV, embedded, 'seed/crm-sales/sales_teams.csv')),
    demoData: unlessReplica(demoDataFolder(env.DEMO_DATA, embedded)),
    readyMaxLagEvents: integer(env, 'READY_MAX_LAG_EVENTS', 1000, 0, 1_000_000),
    snapshotEvery: integer(env, 'SNAPSHOT_EVERY', 100, 0, 1_000_000),
    assignment: {
      rule: oneOf(env, 'ASSIGNMENT_RULE', ['round-robin', 'least-loaded'] as const, 'round-robin'),
      followUpDueDays: integer(env, 'FOLLOW_UP_DUE_DAYS', 2, 0, 365),
    },
    protections: {
      corsOrigins: origins(env, 'CORS_ORIGINS'),
      rateLimitPerMinute: integer(env, 'RATE_LIMIT_PER_MINUTE', 1200, 0, 1_000_000_000),
      rateLimitPerIpPerMinute: integer(env, 'RATE_LIMIT_PER_IP_PER_MINUTE', 6000, 0, 1_000_000_000),
      metricsToken: metricsToken(env),
    },
    replica,
  };
}

/** A seed file: the repository's demo copy by default in embedded mode, none in production, or the one given ('' for none). */
function seedFile(given: string | undefined, embedded: boolean, demo: string): string | null {
  if (given === undefined) return embedded ? resolve(demo) : null;
  return given ? resolve(given) : null;
}

/** `on` (the default in embedded mode) imports the bundled copy of the data set; `off` nothing; a path, that folder. */
function demoDataFolder(given: string | undefined, embedded: boolean): string | null {
  if (given === 'off' || given === 'false') return null;
  if (given === undefined || given === '' || given === 'on' || given === 'true') return embedded ? resolve('seed/crm-sales') : null;
  return resolve(given);
}

/** A comma-separated list of origins (`https://crm.example.com`), each a scheme, host and optional port only. */
function origins(env: Env, name: string): string[] {
  const list = (env[name] ?? '').split(',').map((origin) => origin.trim()).filter((origin) => origin !== '');
  for (const origin of list) {
    if (!/^https?:\/\/[^/\s?#]+$/.test(origin)) throw new ConfigError(`${name} must list origins such as https://crm.example.com, got "${origin}"`);
  }
  return list;
}

function names(env: Env, name: string): string[] | null {
  const list = (env[name] ?? '').split(',').map((item) => item.trim()).filter((item) => item !== '');
  return list.length > 0 ? list : null;
}

function metricsToken(env: Env): string | null {
  const given = env.METRICS_TOKEN || null;
  if (given !== null && given.length < MIN_SECRET_LENGTH) throw new ConfigError(`METRICS_TOKEN must be at least ${MIN_SECRET_LENGTH} characters`);
  return given;
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!(allowed as readonly string[]).includes(raw)) throw new ConfigError(`${name} must be one of ${allowed.join(', ')}, got "${raw}"`);
  return raw as T;
}

function approvalSettings(env: Env): ApprovalSettings {
  const maxDiscountBp = integer(env, 'APPROVAL_MAX_DISCOUNT_BP', 1000, 0, 10_000);
  const maxQuoteTotalMinor = integer(env, 'APPROVAL_MAX_QUOTE_TOTAL_MINOR', 10_000_000, 0, Number.MAX_SAFE_INTEGER);
  const maxOrderTotalMinor = integer(env, 'APPROVAL_MAX_ORDER_TOTAL_MINOR', 25_000_000, 0, Number.MAX_SAFE_INTEGER);
  // Without an explicit version, the limits themselves name the policy, so a change is always visible on the events.
  const version = env.APPROVAL_POLICY_VERSION || `limits:discount=${maxDiscountBp}bp,quote=${maxQuoteTotalMinor},order=${maxOrderTotalMinor}`;
  return { version, maxDiscountBp, maxQuoteTotalMinor, maxOrderTotalMinor };
}

function boolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'true' || raw === 'false') return raw === 'true';
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

/**
 * The one place the signing key is found, for the API and `salesctl token` alike: JWT_SECRET, or in
 * embedded mode `$DATA_DIR/jwt-secret`. Production requires JWT_SECRET. The API makes the embedded
 * key on its first start and keeps it in the data folder, so tokens survive restarts.
 */
function resolveJwtSecret(env: Env, dataDir: string, embedded: boolean, whenMissing: MissingJwtSecret): string {
  const given = env.JWT_SECRET;
  if (given) {
    if (given.length < MIN_SECRET_LENGTH) throw new ConfigError(`JWT_SECRET must be at least ${MIN_SECRET_LENGTH} characters`);
    return given;
  }
  if (!embedded) throw new ConfigError('JWT_SECRET is required when EVENTSTORE_URL is set');
  const file = join(dataDir, 'jwt-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  if (whenMissing === 'refuse') {
    throw new ConfigError(
      `no JWT signing key: JWT_SECRET is not set and ${file} does not exist. Set DATA_DIR to the data folder of the running API ` +
        '(it makes its key there on its first start), or JWT_SECRET to the key it was started with.',
    );
  }
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('hex');
  writeFileSync(file, secret, { mode: 0o600, flag: 'wx' });
  return secret;
}
