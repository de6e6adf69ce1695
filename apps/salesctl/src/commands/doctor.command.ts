import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type Command, InvalidArgumentError } from 'commander';
import { type EventCount, type EventStore, type Position, comparePositions, formatPosition, openEventStore } from '@ledger/event-sourcing';
import { type AppConfig, loadAppConfig } from '@ledger/platform';
import { CheckpointAheadOfLogError, type IndexSpec, type Projection, type ReadStore, cubeIndexes, openReadStore } from '@ledger/read-store';
import { salesLogSettings, salesProcesses, salesProjections } from '@ledger/sales';

export type Verdict = 'ok' | 'info' | 'warn' | 'fail';
export type Finding = { readonly verdict: Verdict; readonly check: string; readonly detail: string };

export type DoctorThresholds = {
  /** Events a consumer may be behind the log's head before it is a warning. */
  readonly maxLagEvents: number;
  /** Parked events a consumer may have before it is a warning. */
  readonly maxParked: number;
};

export type DoctorInput = {
  readonly eventStore: EventStore;
  readonly readStore: ReadStore;
  /** Where each store is, as configured (credentials removed). */
  readonly targets: { readonly eventStore: string; readonly readStore: string };
  readonly projections: readonly Projection[];
  /** Process managers: they keep checkpoints and park events like projections. */
  readonly processes: readonly { readonly name: string }[];
  readonly thresholds: DoctorThresholds;
};

export const DEFAULT_THRESHOLDS: DoctorThresholds = { maxLagEvents: 1_000, maxParked: 0 };
/** Lag is counted in events up to this many per checkpoint; beyond it the report says "at least". */
export const LAG_COUNT_LIMIT = 10_000;
/** Below this, EventStoreDB sends no caughtUp message on subscriptions and reads. */
const ESDB_RECOMMENDED: Version = [23, 10];
const MONGODB_RECOMMENDED: Version = [6, 0];

type Version = readonly [number, number];

const parseVersion = (text: string): Version | null => {
  const match = /^(\d+)\.(\d+)/.exec(text);
  return match ? [Number(match[1]), Number(match[2])] : null;
};
const older = (version: Version, than: Version): boolean => version[0] < than[0] || (version[0] === than[0] && version[1] < than[1]);

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** A URL without the user and password it may carry. */
export const withoutCredentials = (url: string): string => url.replace(/\/\/[^/@]*@/, '//***@');

export async function checkEventStore(input: Pick<DoctorInput, 'eventStore' | 'targets'>): Promise<Finding[]> {
  try {
    const described = await input.eventStore.describeServer();
    if (described.store === 'embedded') {
      return [{ verdict: 'ok', check: 'event store', detail: `embedded log (${described.version ?? 'version unknown'}) at ${described.location ?? input.targets.eventStore}` }];
    }
    const where = `at ${input.targets.eventStore}`;
    if (described.version === null) {
      return [{ verdict: 'warn', check: 'event store', detail: `EventStoreDB ${where}, version unknown (the server does not report it: older than 21.10?); 23.10 or later is recommended` }];
    }
    const version = parseVersion(described.version);
    if (version === null || older(version, ESDB_RECOMMENDED)) {
      return [
        {
          verdict: 'warn',
          check: 'event store',
          detail: `EventStoreDB ${described.version} ${where}: older than 23.10, which sends subscriptions and reads no caughtUp message; upgrade (24.10 in docker-compose.yml)`,
        },
      ];
    }
    return [{ verdict: 'ok', check: 'event store', detail: `EventStoreDB ${described.version} ${where}` }];
  } catch (error) {
    return [{ verdict: 'warn', check: 'event store', detail: `EventStoreDB at ${input.targets.eventStore}, version unknown: ${messageOf(error)}` }];
  }
}

async function checkReadStore(input: DoctorInput): Promise<{ findings: Finding[]; keepsIndexes: 'all' | 'unique' | null }> {
  let described;
  try {
    described = await input.readStore.describeServer();
  } catch (error) {
    return { findings: [{ verdict: 'fail', check: 'read store', detail: `MongoDB at ${input.targets.readStore} does not answer: ${messageOf(error)}` }], keepsIndexes: null };
  }
  if (described.store === 'embedded') {
    const detail = `embedded read models (${described.version ?? 'version unknown'}) at ${described.location ?? input.targets.readStore}`;
    return { findings: [{ verdict: 'ok', check: 'read store', detail }], keepsIndexes: described.keepsIndexes };
  }
  const findings: Finding[] = [];
  const where = `at ${input.targets.readStore}`;
  const version = described.version === null ? null : parseVersion(described.version);
  if (version === null) findings.push({ verdict: 'warn', check: 'read store', detail: `MongoDB ${where}, version unknown; 6.0 or later is recommended` });
  else if (older(version, MONGODB_RECOMMENDED)) findings.push({ verdict: 'warn', check: 'read store', detail: `MongoDB ${described.version} ${where}: older than 6.0; upgrade (mongo:7 in docker-compose.yml)` });
  else findings.push({ verdict: 'ok', check: 'read store', detail: `MongoDB ${described.version} ${where}` });
  if (described.transactions) {
    findings.push({ verdict: 'ok', check: 'transactions', detail: described.replicaSet ? `replica set ${described.replicaSet}` : 'sharded cluster' });
  } else {
    findings.push({
      verdict: 'fail',
      check: 'transactions',
      detail:
        'MongoDB is a standalone server, not a replica set: every commit of the read store is a transaction, which it cannot run. ' +
        "Run it with --replSet rs0 and rs.initiate() once (docker-compose.yml does), and add replicaSet=rs0 to MONGODB_URL",
    });
  }
  return { findings, keepsIndexes: described.keepsIndexes };
}

/** Every index a projection declares, its cubes' included, by collection. */
function declaredIndexes(projection: Projection): Map<string, IndexSpec[]> {
  const declared = new Map<string, IndexSpec[]>();
  const add = (collection: string, indexes: readonly IndexSpec[]) => declared.set(collection, [...(declared.get(collection) ?? []), ...indexes]);
  for (const [collection, indexes] of Object.entries(projection.indexes ?? {})) add(collection, indexes);
  for (const cube of projection.cubes ?? []) for (const [collection, indexes] of Object.entries(cubeIndexes(cube))) add(collection, indexes);
  return declared;
}

const sameKeys = (a: IndexSpec, b: IndexSpec): boolean => JSON.stringify(Object.entries(a.fields)) === JSON.stringify(Object.entries(b.fields));
const describeIndex = (collection: string, index: IndexSpec): string => `${collection} ${JSON.stringify(index.fields)}${index.unique ? ' unique' : ''}`;

async function checkIndexes(input: DoctorInput, keepsIndexes: 'all' | 'unique'): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const projection of input.projections) {
    let checked = 0;
    let inMemory = 0;
    const missing: string[] = [];
    let missingUnique = false;
    try {
      for (const [collection, indexes] of declaredIndexes(projection)) {
        const kept = indexes.filter((index) => keepsIndexes === 'all' || index.unique === true);
        inMemory += indexes.length - kept.length;
        if (kept.length === 0) continue;
        const stored = await input.readStore.listIndexes(collection);
        if (stored === null) {
          findings.push({ verdict: 'info', check: 'indexes', detail: `${projection.name}: this read store cannot list its indexes` });
          break;
        }
        for (const index of kept) {
          checked += 1;
          if (stored.some((present) => sameKeys(present, index) && (!index.unique || present.unique === true))) continue;
          missing.push(describeIndex(collection, index));
          if (index.unique) missingUnique = true;
        }
      }
    } catch (error) {
      findings.push({ verdict: 'fail', check: 'indexes', detail: `${projection.name}: cannot list indexes: ${messageOf(error)}` });
      continue;
    }
    const memory = inMemory > 0 ? `${inMemory} kept in memory (built by each process that reads)` : '';
    if (missing.length === 0) {
      const parts = [...(checked > 0 ? [`${checked} stored index(es) present`] : []), ...(memory ? [memory] : [])];
      findings.push({ verdict: 'ok', check: 'indexes', detail: `${projection.name}: ${parts.length > 0 ? parts.join('; ') : 'declares no index'}` });
      continue;
    }
    findings.push({
      verdict: missingUnique ? 'fail' : 'warn',
      check: 'indexes',
      detail:
        `${projection.name}: ${missing.length} of ${checked} stored index(es) missing: ${missing.join('; ')}${memory ? `; ${memory}` : ''}. ` +
        `The projector creates them when it starts (sales-projector, or the API in embedded mode); or salesctl rebuild ${projection.name}` +
        (missingUnique ? '. Without a unique index duplicates are not refused' : ''),
    });
  }
  return findings;
}

async function checkConsumers(input: DoctorInput): Promise<Finding[]> {
  let head: Position | null;
  try {
    head = await input.eventStore.lastPosition();
  } catch (error) {
    return [{ verdict: 'fail', check: 'log', detail: `cannot read the log's last position: ${messageOf(error)}` }];
  }
  const findings: Finding[] = [
    { verdict: 'info', check: 'log', detail: `last position ${head === null ? 'none (empty log)' : formatPosition(head)}; lag below is counted in events, up to ${LAG_COUNT_LIMIT}` },
  ];
  let parked;
  try {
    parked = await input.readStore.listParked();
  } catch (error) {
    return [...findings, { verdict: 'fail', check: 'consumers', detail: `cannot read the parked events: ${messageOf(error)}` }];
  }
  const counts = new Map<string, Promise<EventCount>>();
  const lagAfter = (checkpoint: Position | null): Promise<EventCount> => {
    const key = checkpoint === null ? '' : formatPosition(checkpoint);
    let count = counts.get(key);
    if (count === undefined) {
      count = input.eventStore.countEventsAfter(checkpoint, LAG_COUNT_LIMIT);
      counts.set(key, count);
    }
    return count;
  };
  const known = new Set<string>();
  for (const { name, kind } of [
    ...input.projections.map((projection) => ({ name: projection.name, kind: 'projection' })),
    ...input.processes.map((process) => ({ name: process.name, kind: 'process manager' })),
  ]) {
    known.add(name);
    try {
      const checkpoint = await input.readStore.readCheckpoint(name);
      if (checkpoint !== null && (head === null || comparePositions(checkpoint, head) > 0)) {
        findings.push({ verdict: 'fail', check: kind, detail: `${name}: ${new CheckpointAheadOfLogError(name, checkpoint, head).message}` });
        continue;
      }
      const lag = await lagAfter(checkpoint);
      const itsParked = parked.filter((event) => event.projection === name).length;
      const problems = [
        ...(lag.count > input.thresholds.maxLagEvents ? [`more than ${input.thresholds.maxLagEvents} events behind`] : []),
        ...(itsParked > input.thresholds.maxParked
          ? [`parked events (GET /projections says why; ${kind === 'projection' ? `salesctl rebuild ${name}` : `salesctl projections retry ${name}`} after a fix)`]
          : []),
      ];
      findings.push({
        verdict: problems.length > 0 ? 'warn' : 'ok',
        check: kind,
        detail:
          `${name}: checkpoint ${checkpoint === null ? 'none (not started)' : formatPosition(checkpoint)}, ` +
          `lag ${lag.capped ? `at least ${lag.count}` : lag.count} event(s), ${itsParked} parked` +
          (problems.length > 0 ? `: ${problems.join('; ')}` : ''),
      });
    } catch (error) {
      findings.push({ verdict: 'fail', check: kind, detail: `${name}: ${messageOf(error)}` });
    }
  }
  try {
    for (const record of await input.readStore.listCheckpoints()) {
      if (!known.has(record.projection)) findings.push({ verdict: 'info', check: 'checkpoint', detail: `${record.projection}: a checkpoint no projection or process manager of this version keeps` });
    }
  } catch (error) {
    findings.push({ verdict: 'fail', check: 'checkpoint', detail: `cannot list the checkpoints: ${messageOf(error)}` });
  }
  return findings;
}

/** Every check of `salesctl doctor` against open stores. */
export async function diagnose(input: DoctorInput): Promise<Finding[]> {
  const findings = [...(await checkEventStore(input))];
  const readStore = await checkReadStore(input);
  findings.push(...readStore.findings);
  if (readStore.keepsIndexes !== null) findings.push(...(await checkIndexes(input, readStore.keepsIndexes)));
  findings.push(...(await checkConsumers(input)));
  return findings;
}

const LABELS: Record<Verdict, string> = { ok: 'OK', info: 'INFO', warn: 'WARN', fail: 'FAIL' };

export function formatFindings(findings: readonly Finding[]): string {
  const width = Math.max(...findings.map((finding) => finding.check.length));
  const lines = findings.map((finding) => `${LABELS[finding.verdict].padEnd(4)}  ${finding.check.padEnd(width)}  ${finding.detail}`);
  const failures = findings.filter((finding) => finding.verdict === 'fail').length;
  const warnings = findings.filter((finding) => finding.verdict === 'warn').length;
  lines.push('', `${failures === 0 ? 'Healthy' : 'Unhealthy'}: ${failures} failure(s), ${warnings} warning(s)`);
  return `${lines.join('\n')}\n`;
}

const count = (what: string) => (value: string): number => {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError(`${what}: a whole number`);
  return Number(value);
};

/** The settings the apps use; the JWT key is not needed here, so its absence is reported instead of refused (or made). */
function configuration(): { config: AppConfig; findings: Finding[] } {
  const given = process.env.JWT_SECRET;
  const config = loadAppConfig({ ...process.env, JWT_SECRET: given || 'x'.repeat(64) });
  const findings: Finding[] = [
    {
      verdict: 'info',
      check: 'mode',
      detail: config.embedded
        ? `embedded (EVENTSTORE_URL unset): the log in ${config.dataDir}${config.mongodbUrl ? ', read models on MongoDB' : ', read models beside it'}`
        : `production: EventStoreDB (EVENTSTORE_URL) and ${config.mongodbUrl ? 'MongoDB (MONGODB_URL)' : 'embedded read models in DATA_DIR (MONGODB_URL unset)'}`,
    },
  ];
  if (!config.embedded && !given) findings.push({ verdict: 'warn', check: 'mode', detail: 'JWT_SECRET is not set here: the apps refuse to start without it in production' });
  return { config, findings };
}

/**
 * `salesctl doctor`: checks a deployment with the settings the apps use (EVENTSTORE_URL,
 * MONGODB_URL, DATA_DIR) and prints one line per check; exit code 1 when any check fails.
 */
export function registerDoctorCommand(program: Command): void {
  program
    .command('doctor')
    .description('Check the stores of a deployment: versions, replica set, indexes, checkpoints, lag and parked events (exit 1 on a failure)')
    .option('--max-lag <events>', 'warn when a consumer is more events than this behind the log', count('--max-lag'), DEFAULT_THRESHOLDS.maxLagEvents)
    .option('--max-parked <events>', 'warn when a consumer has more parked events than this', count('--max-parked'), DEFAULT_THRESHOLDS.maxParked)
    .action(async (options: { maxLag: number; maxParked: number }) => {
      const { config, findings } = configuration();
      const logFile = join(config.dataDir, 'events.db');
      if (config.embedded && !existsSync(logFile)) {
        findings.push({ verdict: 'fail', check: 'event store', detail: `no log at ${logFile}: set DATA_DIR to the data folder of the API (it makes the log on its first start)` });
        process.stdout.write(formatFindings(findings));
        process.exitCode = 1;
        return;
      }
      const log = openEventStore(salesLogSettings(config));
      let readStore: ReadStore | null = null;
      try {
        try {
          readStore = await openReadStore({ mongodbUrl: config.mongodbUrl, dataDir: config.dataDir }, { inspectOnly: true });
        } catch (error) {
          findings.push({ verdict: 'fail', check: 'read store', detail: `cannot connect to MongoDB at ${withoutCredentials(config.mongodbUrl ?? '')}: ${messageOf(error)}` });
        }
        const targets = {
          eventStore: config.eventStoreUrl ? withoutCredentials(config.eventStoreUrl) : logFile,
          readStore: config.mongodbUrl ? withoutCredentials(config.mongodbUrl) : join(config.dataDir, 'read-models.db'),
        };
        // Without the read store, the log is still worth a look: its server and version.
        if (readStore === null) findings.push(...(await checkEventStore({ eventStore: log.stored, targets })));
        else {
          findings.push(
            ...(await diagnose({
              eventStore: log.stored,
              readStore,
              targets,
              projections: salesProjections,
              processes: salesProcesses(config),
              thresholds: { maxLagEvents: options.maxLag, maxParked: options.maxParked },
            })),
          );
        }
      } finally {
        await readStore?.close();
        await log.close();
      }
      process.stdout.write(formatFindings(findings));
      if (findings.some((finding) => finding.verdict === 'fail')) process.exitCode = 1;
    });
}
