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
};

export class ConfigError extends Error {
  override name = 'ConfigError';
}

type Env = Record<string, string | undefined>;

const MIN_SECRET_LENGTH = 32;

export function loadAppConfig(env: Env = process.env): AppConfig {
  const dataDir = resolve(env.DATA_DIR || './data');
  const eventStoreUrl = env.EVENTSTORE_URL || null;
  const mongodbUrl = env.MONGODB_URL || null;
  const embedded = eventStoreUrl === null;
  return {
    port: integer(env, 'PORT', 3000, 0, 65535),
    host: env.HOST || '0.0.0.0',
    dataDir,
    eventStoreUrl,
    mongodbUrl,
    jwtSecret: jwtSecret(env, dataDir, embedded),
    jwtTtlSeconds: integer(env, 'JWT_TTL_SECONDS', 12 * 3600, 60, 30 * 24 * 3600),
    logLevel: env.LOG_LEVEL || 'info',
    embedded,
    runProjections: boolean(env, 'RUN_PROJECTIONS', embedded),
  };
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
 * Production requires JWT_SECRET. The embedded default makes one on first start and keeps it in
 * the data folder, so tokens survive restarts and `salesctl token` signs with the same key.
 */
function jwtSecret(env: Env, dataDir: string, embedded: boolean): string {
  const given = env.JWT_SECRET;
  if (given) {
    if (given.length < MIN_SECRET_LENGTH) throw new ConfigError(`JWT_SECRET must be at least ${MIN_SECRET_LENGTH} characters`);
    return given;
  }
  if (!embedded) throw new ConfigError('JWT_SECRET is required when EVENTSTORE_URL is set');
  const file = join(dataDir, 'jwt-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('hex');
  writeFileSync(file, secret, { mode: 0o600, flag: 'wx' });
  return secret;
}
