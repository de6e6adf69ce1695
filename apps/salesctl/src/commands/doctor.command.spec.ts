import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { type MongoClient, MongoServerError } from 'mongodb';
import { EsdbEventStore, type EventStore, type Position, SqliteEventStore, positionOf } from '@ledger/event-sourcing';
import { MongoReadStore, type Projection, type ReadStore, SqliteReadStore, ensureProjectionIndexes } from '@ledger/read-store';
import { salesProcesses, salesProjections } from '@ledger/sales';
import { loadAppConfig } from '@ledger/platform';
import { DEFAULT_THRESHOLDS, type Finding, diagnose, formatFindings, registerDoctorCommand } from './doctor.command';

const processes = salesProcesses(loadAppConfig({ JWT_SECRET: 'x'.repeat(64), DATA_DIR: tmpdir() }));
const consumers = [...salesProjections.map((projection) => projection.name), ...processes.map((process) => process.name)];

const metadata = { commandId: 'c', correlationId: 'c', causationId: 'c', actor: { userId: 'u', role: 'admin' as const }, occurredAt: '2024-01-01T00:00:00.000Z', schemaVersion: 1 };

/** A unique index and a plain one, which the embedded store keeps in its file and in memory. */
const thingsProjection: Projection = {
  name: 'doctor-things',
  collections: ['doctor_things'],
  indexes: { doctor_things: [{ fields: { code: 1 }, unique: true }, { fields: { other: 1 } }] },
  handles: new Set(),
  project: () => [],
};

const failures = (findings: readonly Finding[]) => findings.filter((finding) => finding.verdict === 'fail');
const warnings = (findings: readonly Finding[]) => findings.filter((finding) => finding.verdict === 'warn');

describe('salesctl doctor on the embedded stores', () => {
  let dataDir: string;
  let eventStore: SqliteEventStore;
  let readStore: SqliteReadStore;
  let head: Position;

  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'doctor-'));
    eventStore = new SqliteEventStore(join(dataDir, 'events.db'));
    readStore = new SqliteReadStore(join(dataDir, 'read-models.db'));
    for (let n = 0; n < 3; n += 1) {
      ({ position: head } = await eventStore.append(`misc-${n}`, [{ id: `00000000-0000-4000-8000-00000000000${n}`, type: 'NothingHappened', data: {}, metadata }], 'no_stream'));
    }
    // Every projection and process manager has handled the whole log.
    for (const name of consumers) await readStore.commit(name, [], head);
  });

  afterEach(async () => {
    await readStore.close();
    await eventStore.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const run = (projections: readonly Projection[] = salesProjections) =>
    diagnose({ eventStore, readStore, targets: { eventStore: 'events.db', readStore: 'read-models.db' }, projections, processes, thresholds: DEFAULT_THRESHOLDS });

  it('finds nothing wrong with a deployment whose consumers have handled the whole log', async () => {
    const findings = await run();
    expect({ failures: failures(findings), warnings: warnings(findings) }).toEqual({ failures: [], warnings: [] });
    const report = formatFindings(findings);
    expect(report).toMatch(/^OK +event store +embedded log \(SQLite [\d.]+\) at .*events\.db$/m);
    expect(report).toMatch(/^OK +read store +embedded read models \(SQLite [\d.]+\)/m);
    expect(report).toMatch(/^OK +projection +opportunity-views: checkpoint 3, lag 0 event\(s\), 0 parked$/m);
    expect(report).toMatch(/^OK +process manager +quote-accepted-to-order: checkpoint 3, lag 0 event\(s\), 0 parked$/m);
    expect(report).toMatch(/^OK +indexes +opportunity-views: \d+ kept in memory \(built by each process that reads\)$/m);
    expect(report).toMatch(/\nHealthy: 0 failure\(s\), 0 warning\(s\)\n$/);
  });

  it('fails a checkpoint beyond the last event of the log, and says what happened', async () => {
    await readStore.commit('quote-views', [], positionOf(7));
    const [failure, ...others] = failures(await run());
    expect(others).toEqual([]);
    expect(failure).toEqual({
      verdict: 'fail',
      check: 'projection',
      detail: expect.stringMatching(/^quote-views: The checkpoint of quote-views \(7\) is beyond the log's last event \(3\): the log was wiped or restored from an older copy\. Rebuild/),
    });
  });

  it('counts the lag in events and warns above the threshold, and warns of parked events', async () => {
    await readStore.commit('order-views', [], positionOf(1));
    await readStore.park({
      projection: 'order-approved-to-won',
      eventId: 'e1',
      streamName: 'misc-1',
      revision: 0,
      type: 'NothingHappened',
      position: positionOf(2),
      error: 'refused',
      attempts: 3,
      parkedAt: '2024-01-01T00:00:00.000Z',
    });
    const findings = await diagnose({
      eventStore,
      readStore,
      targets: { eventStore: 'events.db', readStore: 'read-models.db' },
      projections: salesProjections,
      processes,
      thresholds: { maxLagEvents: 1, maxParked: 0 },
    });
    expect(failures(findings)).toEqual([]);
    expect(warnings(findings).map((finding) => finding.detail)).toEqual([
      'order-views: checkpoint 1, lag 2 event(s), 0 parked: more than 1 events behind',
      'order-approved-to-won: checkpoint 3, lag 0 event(s), 1 parked: parked events (GET /projections says why; salesctl projections retry order-approved-to-won after a fix)',
    ]);
  });

  it('reports a unique index missing from the file, and counts the others as kept in memory', async () => {
    await ensureProjectionIndexes(readStore, thingsProjection);
    await readStore.commit(thingsProjection.name, [], head);
    const present = await run([thingsProjection]);
    expect(present.filter((finding) => finding.check === 'indexes')).toEqual([
      { verdict: 'ok', check: 'indexes', detail: 'doctor-things: 1 stored index(es) present; 1 kept in memory (built by each process that reads)' },
    ]);
    // A reset drops the collection's unique index; only a rebuild or the projector's start makes it again.
    await readStore.reset(thingsProjection.name, thingsProjection.collections);
    const missing = await run([thingsProjection]);
    expect(missing.filter((finding) => finding.check === 'indexes')).toEqual([
      {
        verdict: 'fail',
        check: 'indexes',
        detail: expect.stringMatching(/^doctor-things: 1 of 1 stored index\(es\) missing: doctor_things \{"code":1\} unique; 1 kept in memory .*salesctl rebuild doctor-things\. Without a unique index duplicates are not refused$/),
      },
    ]);
  });
});

describe('salesctl doctor as a command', () => {
  const saved = { ...process.env };
  let dataDir: string;
  let output: string;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'doctor-cli-'));
    Object.assign(process.env, { DATA_DIR: dataDir, EVENTSTORE_URL: '', MONGODB_URL: '', JWT_SECRET: '' });
    output = '';
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      output += String(chunk);
      return true;
    });
    process.exitCode = undefined;
  });

  afterEach(() => {
    jest.restoreAllMocks();
    process.env = { ...saved };
    process.exitCode = undefined;
    rmSync(dataDir, { recursive: true, force: true });
  });

  const doctor = async (...args: string[]) => {
    const program = new Command().exitOverride();
    registerDoctorCommand(program);
    await program.parseAsync(['node', 'salesctl', 'doctor', ...args]);
    return { exitCode: process.exitCode, output };
  };

  async function prepare(checkpoint: (head: Position) => Position): Promise<void> {
    const eventStore = new SqliteEventStore(join(dataDir, 'events.db'));
    const readStore = new SqliteReadStore(join(dataDir, 'read-models.db'));
    const { position } = await eventStore.append('misc-1', [{ id: '00000000-0000-4000-8000-000000000001', type: 'NothingHappened', data: {}, metadata }], 'no_stream');
    for (const name of consumers) await readStore.commit(name, [], position);
    await readStore.commit('opportunity-views', [], checkpoint(position));
    await readStore.close();
    await eventStore.close();
  }

  it('exits 0 when all is well', async () => {
    await prepare((head) => head);
    const result = await doctor();
    expect(result.exitCode).toBeUndefined();
    expect(result.output).toMatch(/^INFO +mode +embedded \(EVENTSTORE_URL unset\): the log in .*, read models beside it$/m);
    expect(result.output).toMatch(/Healthy: 0 failure\(s\), 0 warning\(s\)\n$/);
  });

  it('exits 1 when a checkpoint is ahead of the log, and says so', async () => {
    await prepare(() => positionOf(99));
    const result = await doctor();
    expect(result.exitCode).toBe(1);
    expect(result.output).toMatch(/^FAIL +projection +opportunity-views: The checkpoint of opportunity-views \(99\) is beyond the log's last event \(1\)/m);
    expect(result.output).toMatch(/Unhealthy: 1 failure\(s\), 0 warning\(s\)\n$/);
  });

  it('exits 1 without creating anything where DATA_DIR holds no log', async () => {
    const result = await doctor();
    expect(result.exitCode).toBe(1);
    expect(result.output).toMatch(/^FAIL +event store +no log at .*events\.db: set DATA_DIR/m);
    expect(readdirSync(dataDir)).toEqual([]);
  });
});

/** The parts of MongoDB's client the read store's doctor methods and checkpoint reads use, answering as a server would. */
function fakeMongo(server: {
  version: string;
  hello: Record<string, unknown>;
  indexes: Record<string, { key: Record<string, unknown>; name: string; unique?: boolean }[]>;
  checkpoints: { _id: string; position: string; updatedAt: string }[];
}): Promise<ReadStore> {
  const db = {
    admin: () => ({ command: async (command: object) => (JSON.stringify(command) === '{"buildInfo":1}' ? { version: server.version, ok: 1 } : { ok: 0 }) }),
    command: async (command: object) => (JSON.stringify(command) === '{"hello":1}' ? { ...server.hello, ok: 1 } : { ok: 0 }),
    collection: (name: string) => ({
      listIndexes: () => ({
        toArray: async () => {
          if (!(name in server.indexes)) throw new MongoServerError({ message: `ns does not exist: sales.${name}`, code: 26 });
          return server.indexes[name];
        },
      }),
      findOne: async (filter: { _id: string }) => (name === '_checkpoints' ? (server.checkpoints.find((row) => row._id === filter._id) ?? null) : null),
      find: () => ({ sort: () => ({ toArray: async () => (name === '_checkpoints' ? server.checkpoints : []) }) }),
    }),
  };
  const client = { db: () => db, close: async () => undefined };
  // Opened as salesctl doctor opens it: without refusing a server that cannot run transactions.
  return MongoReadStore.using(client as unknown as MongoClient, 'sales', { requireTransactions: false });
}

/** The parts of EventStoreDB's client the log's doctor methods use: its server features, and an empty `$all`. */
function fakeEsdb(capabilities: Promise<{ serverVersion: string }>): EventStore {
  const store = new EsdbEventStore('esdb://localhost:2113?tls=false');
  const client = {
    capabilities,
    readAll: () => (async function* () {})(),
    dispose: async () => undefined,
  };
  Object.defineProperty(store, 'client', { value: client });
  return store;
}

describe('salesctl doctor on EventStoreDB and MongoDB (fakes of their clients)', () => {
  const targets = { eventStore: 'esdb://eventstore:2113?tls=false', readStore: 'mongodb://mongo:27017/sales?replicaSet=rs0' };
  const indexes = { doctor_things: [{ key: { _id: 1 }, name: '_id_' }, { key: { code: 1 }, name: 'code_1', unique: true }, { key: { other: 1 }, name: 'other_1' }] };

  it('describes a replica set member and lists indexes as MongoDB answers them', async () => {
    const mongo = await fakeMongo({ version: '7.0.14', hello: { setName: 'rs0', isWritablePrimary: true }, indexes, checkpoints: [] });
    expect(await mongo.describeServer()).toEqual({ store: 'mongodb', version: '7.0.14', transactions: true, replicaSet: 'rs0', keepsIndexes: 'all' });
    expect(await mongo.listIndexes('doctor_things')).toEqual([{ fields: { code: 1 }, unique: true }, { fields: { other: 1 } }]);
    expect(await mongo.listIndexes('no_such_collection')).toEqual([]);
  });

  it('reads the server version from the client features, null when the server does not say', async () => {
    expect(await fakeEsdb(Promise.resolve({ serverVersion: '24.10.0.1379' })).describeServer()).toEqual({ store: 'eventstoredb', version: '24.10.0.1379' });
    expect(await fakeEsdb(Promise.resolve({ serverVersion: 'unknown' })).describeServer()).toEqual({ store: 'eventstoredb', version: null });
    await expect(fakeEsdb(Promise.reject(new Error('connect ECONNREFUSED'))).describeServer()).rejects.toThrow(/EventStoreDB read of the server features failed: connect ECONNREFUSED/);
  });

  it('fails a standalone MongoDB and a checkpoint ahead of a wiped log; warns of old servers and a missing index', async () => {
    const mongo = await fakeMongo({
      version: '5.0.3',
      hello: { isWritablePrimary: true },
      indexes: { doctor_things: [{ key: { _id: 1 }, name: '_id_' }, { key: { code: 1 }, name: 'code_1', unique: true }] },
      checkpoints: [{ _id: 'doctor-things', position: '5', updatedAt: '2024-01-01T00:00:00.000Z' }],
    });
    const esdb = fakeEsdb(Promise.resolve({ serverVersion: '22.10.3.0' }));
    const findings = await diagnose({ eventStore: esdb, readStore: mongo, targets, projections: [thingsProjection], processes: [], thresholds: DEFAULT_THRESHOLDS });
    expect(findings.map(({ verdict, check }) => `${verdict} ${check}`)).toEqual([
      'warn event store',
      'warn read store',
      'fail transactions',
      'warn indexes',
      'info log',
      'fail projection',
    ]);
    const report = formatFindings(findings);
    expect(report).toMatch(/^WARN +event store +EventStoreDB 22\.10\.3\.0 at esdb:\/\/eventstore:2113\?tls=false: older than 23\.10/m);
    expect(report).toMatch(/^WARN +read store +MongoDB 5\.0\.3 at .*: older than 6\.0/m);
    expect(report).toMatch(/^FAIL +transactions +MongoDB is a standalone server, not a replica set/m);
    expect(report).toMatch(/^WARN +indexes +doctor-things: 1 of 2 stored index\(es\) missing: doctor_things \{"other":1\}\. The projector creates them/m);
    expect(report).toMatch(/^INFO +log +last position none \(empty log\)/m);
    expect(report).toMatch(/^FAIL +projection +doctor-things: The checkpoint of doctor-things \(5\) is beyond the log's last event \(the log is empty\)/m);
    await mongo.close();
    await esdb.close();
  });
});
