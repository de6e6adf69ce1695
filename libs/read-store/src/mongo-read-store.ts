import {
  type AnyBulkWriteOperation,
  type ClientSession,
  type Db,
  type Filter as MongoFilter,
  type Document as MongoDocument,
  MongoBulkWriteError,
  MongoClient,
  MongoError,
  MongoNetworkError,
  MongoServerError,
  MongoServerSelectionError,
  MongoWriteConcernError,
  type UpdateFilter,
} from 'mongodb';
import { type Position, formatPosition, parsePosition } from '@ledger/event-sourcing';
import {
  type CheckpointRecord,
  type Document,
  type Filter,
  type FindOptions,
  type IndexSpec,
  type ParkedEvent,
  type Pipeline,
  ReadStore,
  type QueryPlan,
  type ReadModelWrite,
  type UpsertWrite,
} from './read-store.port';
import { DuplicateKeyError } from './duplicate-key.error';
import { ReadStoreUnavailableError } from './read-store-unavailable.error';
import { addCubeDelta, type CubeDefinition, type CubeDelta, type Cuboid, cubeIndexes, cuboidsOf } from './cubes/cube';
import { copiesOf, updated, upserted } from './document-update';

const CHECKPOINTS = '_checkpoints';
const PARKED = '_parked';
const DUPLICATE_KEY = 11000;
const NAMESPACE_NOT_FOUND = 26;

/** A read-model document as MongoDB's typings see it: our ids are strings, not ObjectIds. */
type StoredDocument = MongoDocument & { _id: string };
type CheckpointDocument = { _id: string; position: string; updatedAt: string };
type ParkedDocument = { _id: string; position: string } & Omit<ParkedEvent, 'position'>;

type Deltas = Map<string, Map<string, CubeDelta>>;
type ConnectOptions = { readonly requireTransactions?: boolean };

/**
 * The production read store on MongoDB. Every commit is one transaction: its writes, the cube
 * cells they change and the checkpoint, all or nothing, so a crash or a refused write never
 * leaves half a batch, and replaying a batch changes nothing its guards refuse. Transactions need
 * a replica set (one member is enough; the compose file runs one): `connect` refuses a standalone
 * server. Failures of the server rather than of the data (network, failover, write concern) are
 * raised as `ReadStoreUnavailableError`, which projections wait out instead of parking events.
 */
export class MongoReadStore extends ReadStore {
  private readonly cubesBySource = new Map<string, { cube: CubeDefinition; cuboids: Cuboid[] }[]>();

  private constructor(
    private readonly client: MongoClient,
    private readonly db: Db,
  ) {
    super();
  }

  /**
   * Connects to the database named in the URL's path, `sales` when there is none. Refuses a server
   * that cannot run transactions unless `requireTransactions` is false (a tool that only inspects).
   */
  static async connect(url: string, options: ConnectOptions = {}): Promise<MongoReadStore> {
    const client = new MongoClient(url);
    try {
      await client.connect();
      return await MongoReadStore.using(client, databaseOf(url), options);
    } catch (error) {
      await client.close();
      throw error;
    }
  }

  /** Over a connected client (the tests' scripted server), once it has shown it can run transactions. */
  static async using(client: MongoClient, database: string, { requireTransactions = true }: ConnectOptions = {}): Promise<MongoReadStore> {
    const db = client.db(database);
    if (!requireTransactions) return new MongoReadStore(client, db);
    const hello = await db.admin().command({ hello: 1 });
    if (typeof hello.setName !== 'string' && hello.msg !== 'isdbgrid') {
      throw new Error(
        'MongoDB is a standalone server: the read store commits in transactions, which need a replica set. ' +
          'Start mongod with --replSet and run rs.initiate() once (docker-compose.yml does both), or use a mongos.',
      );
    }
    return new MongoReadStore(client, db);
  }

  async find<T extends Document = Document>(
    collection: string,
    filter: Filter = {},
    options: FindOptions = {},
  ): Promise<T[]> {
    const cursor = this.db.collection<StoredDocument>(collection).find(filter as MongoFilter<StoredDocument>, {
      ...(options.sort ? { sort: options.sort } : {}),
      ...(options.skip ? { skip: options.skip } : {}),
      ...(options.limit ? { limit: options.limit } : {}),
      ...(options.projection ? { projection: options.projection } : {}),
    });
    return (await cursor.toArray()) as unknown as T[];
  }

  /** MongoDB's own plan: the winning plan's index scan, a collection scan, or a sort stage above the index. */
  async explain(collection: string, filter: Filter = {}, options: FindOptions = {}): Promise<QueryPlan> {
    const explained = await this.db
      .collection<StoredDocument>(collection)
      .find(filter as MongoFilter<StoredDocument>, {
        ...(options.sort ? { sort: options.sort } : {}),
        ...(options.skip ? { skip: options.skip } : {}),
        ...(options.limit ? { limit: options.limit } : {}),
      })
      .explain('queryPlanner');
    const stages: MongoDocument[] = [];
    const collect = (stage: MongoDocument | undefined): void => {
      if (!stage) return;
      stages.push(stage);
      collect(stage.inputStage as MongoDocument | undefined);
      for (const input of (stage.inputStages as MongoDocument[] | undefined) ?? []) collect(input);
    };
    // The slot-based engine (MongoDB 7) nests the plan one level deeper.
    const winning = (explained.queryPlanner as MongoDocument).winningPlan as MongoDocument;
    collect((winning.queryPlan as MongoDocument | undefined) ?? winning);
    const scan = stages.find((stage) => stage.stage === 'IXSCAN');
    const scanned = stages.some((stage) => stage.stage === 'COLLSCAN');
    const sorted = stages.some((stage) => stage.stage === 'SORT');
    return { index: (scan?.indexName as string | undefined) ?? null, kind: scanned ? 'scan' : sorted ? 'lookup' : 'walk', ordered: !sorted, scanned };
  }

  async visit(collection: string, filter: Filter, visit: (document: Readonly<Document>) => void): Promise<void> {
    for await (const document of this.db.collection<StoredDocument>(collection).find(filter as MongoFilter<StoredDocument>)) visit(document);
  }

  async findOne<T extends Document = Document>(collection: string, filter: Filter): Promise<T | null> {
    return (await this.db
      .collection<StoredDocument>(collection)
      .findOne(filter as MongoFilter<StoredDocument>)) as T | null;
  }

  async count(collection: string, filter: Filter = {}): Promise<number> {
    return this.db.collection<StoredDocument>(collection).countDocuments(filter as MongoFilter<StoredDocument>);
  }

  async aggregate<T = Record<string, unknown>>(collection: string, pipeline: Pipeline): Promise<T[]> {
    return (await this.db
      .collection<StoredDocument>(collection)
      .aggregate([...pipeline])
      .toArray()) as T[];
  }

  async ensureIndexes(collection: string, indexes: readonly IndexSpec[]): Promise<void> {
    if (indexes.length === 0) return;
    await this.db
      .collection(collection)
      .createIndexes(indexes.map((index) => ({ key: { ...index.fields }, ...(index.unique ? uniqueWhereEveryFieldExists(index) : {}) })));
  }

  async registerCubes(cubes: readonly CubeDefinition[]): Promise<void> {
    for (const cube of cubes) {
      const registered = this.cubesBySource.get(cube.source) ?? [];
      if (registered.some((known) => known.cube.name === cube.name)) continue;
      this.cubesBySource.set(cube.source, [...registered, { cube, cuboids: cuboidsOf(cube) }]);
      for (const [collection, indexes] of Object.entries(cubeIndexes(cube))) await this.ensureIndexes(collection, indexes);
    }
  }

  async record(writes: readonly ReadModelWrite[]): Promise<void> {
    await this.transaction((session) => new TransactionWrites(this.db, session, this.cubesBySource).apply(writes));
  }

  async commit(projection: string, writes: readonly ReadModelWrite[], checkpoint: Position): Promise<void> {
    await this.transaction(async (session) => {
      await new TransactionWrites(this.db, session, this.cubesBySource).apply(writes);
      await this.db
        .collection<CheckpointDocument>(CHECKPOINTS)
        .updateOne(
          { _id: projection },
          { $set: { position: formatPosition(checkpoint), updatedAt: new Date().toISOString() } },
          { upsert: true, session },
        );
    });
  }

  /**
   * Runs the work in one transaction, all or nothing. Another writer changing a document it changes
   * (two writers creating the same document included) is a write conflict, which the driver's
   * `withTransaction` runs again, as it does after a network error or a failover, for up to 120 s;
   * what still fails then is a `ReadStoreUnavailableError` when the server is to blame.
   */
  private async transaction(work: (session: ClientSession) => Promise<void>): Promise<void> {
    const session = this.client.startSession();
    try {
      await session.withTransaction(() => work(session));
    } catch (error) {
      const duplicate = duplicateKeyOf(error);
      if (duplicate) throw new DuplicateKeyError(duplicate.collection, duplicate.detail, { cause: error });
      throw unavailableOr('commit', error);
    } finally {
      await session.endSession();
    }
  }

  async readCheckpoint(projection: string): Promise<Position | null> {
    try {
      const found = await this.db.collection<CheckpointDocument>(CHECKPOINTS).findOne({ _id: projection });
      return found ? parsePosition(found.position) : null;
    } catch (error) {
      throw unavailableOr('read of a checkpoint', error);
    }
  }

  async listCheckpoints(): Promise<CheckpointRecord[]> {
    const found = await this.db.collection<CheckpointDocument>(CHECKPOINTS).find().sort({ _id: 1 }).toArray();
    return found.map((row) => ({
      projection: row._id,
      position: parsePosition(row.position),
      updatedAt: row.updatedAt,
    }));
  }

  async park(event: ParkedEvent): Promise<void> {
    const _id = JSON.stringify([event.projection, event.eventId]);
    try {
      await this.db
        .collection<ParkedDocument>(PARKED)
        .replaceOne({ _id }, { ...event, position: formatPosition(event.position) }, { upsert: true });
    } catch (error) {
      throw unavailableOr('park', error);
    }
  }

  async unpark(projection: string, eventId: string): Promise<void> {
    await this.db.collection<ParkedDocument>(PARKED).deleteOne({ _id: JSON.stringify([projection, eventId]) });
  }

  async listParked(projection?: string): Promise<ParkedEvent[]> {
    const found = await this.db
      .collection<ParkedDocument>(PARKED)
      .find(projection === undefined ? {} : { projection })
      .sort({ parkedAt: 1, _id: 1 })
      .toArray();
    return found.map(({ _id, position, ...rest }) => ({
      ...rest,
      position: parsePosition(position) ?? unreadable(_id),
    }));
  }

  async reset(projection: string, collections: readonly string[]): Promise<void> {
    for (const collection of collections) {
      await this.db
        .collection(collection)
        .drop()
        .catch((error: unknown) => {
          // Servers before 7.0 refuse to drop a collection that does not exist.
          if (!(error instanceof MongoServerError && error.code === NAMESPACE_NOT_FOUND)) throw error;
        });
    }
    await this.db.collection<CheckpointDocument>(CHECKPOINTS).deleteOne({ _id: projection });
    await this.db.collection<ParkedDocument>(PARKED).deleteMany({ projection });
  }

  async close(): Promise<void> {
    await this.client.close();
  }

  /**
   * `salesctl doctor`: the server's version (`buildInfo`) and whether it runs transactions, which
   * need a replica set (`hello` names its set) or a sharded cluster (`hello` from a mongos).
   */
  override async describeServer(): ReturnType<ReadStore['describeServer']> {
    const build = await this.db.admin().command({ buildInfo: 1 });
    const hello = await this.db.command({ hello: 1 });
    const replicaSet = typeof hello.setName === 'string' ? hello.setName : null;
    return {
      store: 'mongodb',
      version: typeof build.version === 'string' ? build.version : null,
      transactions: replicaSet !== null || hello.msg === 'isdbgrid',
      replicaSet,
      keepsIndexes: 'all',
    };
  }

  /** The collection's indexes on ascending and descending keys (`listIndexes`), without `_id_`. */
  override async listIndexes(collection: string): ReturnType<ReadStore['listIndexes']> {
    let found: MongoDocument[];
    try {
      found = await this.db.collection(collection).listIndexes().toArray();
    } catch (error) {
      if (error instanceof MongoServerError && error.code === NAMESPACE_NOT_FOUND) return [];
      throw error;
    }
    return found
      .filter((index) => index.name !== '_id_' && Object.values(index.key as MongoDocument).every((direction) => direction === 1 || direction === -1))
      .map((index) => ({ fields: { ...(index.key as Record<string, 1 | -1>) }, ...(index.unique === true ? { unique: true } : {}) }));
  }
}

/**
 * The writes of one commit, inside its transaction. The documents a run of upserts changes (and
 * those they copy from) are read with one query per collection, changed here by the rules the
 * embedded store uses, guard included, and written back whole once, at the end or before the next
 * write by filter. A guard that refuses changes nothing and raises nothing, so a replay never
 * aborts the transaction, and a replayed batch costs one read per collection and no write.
 */
class TransactionWrites {
  /** Each document read or changed so far, as this transaction has it (null: there is none). */
  private readonly current = new Map<string, Map<string, StoredDocument | null>>();
  private readonly changed = new Map<string, Set<string>>();
  private readonly deltas: Deltas = new Map();

  constructor(
    private readonly db: Db,
    private readonly session: ClientSession,
    private readonly cubesBySource: ReadonlyMap<string, readonly { cube: CubeDefinition; cuboids: Cuboid[] }[]>,
  ) {}

  async apply(writes: readonly ReadModelWrite[]): Promise<void> {
    for (let from = 0; from < writes.length; ) {
      const write = writes[from];
      if (write.op !== 'upsert') {
        await this.applyByFilter(write);
        from += 1;
        continue;
      }
      let to = from + 1;
      while (to < writes.length && writes[to].op === 'upsert') to += 1;
      const upserts = writes.slice(from, to) as UpsertWrite[];
      await this.read(upserts);
      for (const upsert of upserts) this.upsert(upsert);
      from = to;
    }
    await this.flush();
    await this.applyCellDeltas();
  }

  private documentsOf(collection: string): Map<string, StoredDocument | null> {
    let documents = this.current.get(collection);
    if (!documents) this.current.set(collection, (documents = new Map()));
    return documents;
  }

  /** Reads the documents the upserts change or copy from that this transaction has not read yet. */
  private async read(upserts: readonly UpsertWrite[]): Promise<void> {
    const missing = new Map<string, Set<string>>();
    const want = (collection: string, id: string): void => {
      if (this.current.get(collection)?.has(id)) return;
      const ids = missing.get(collection) ?? new Set<string>();
      missing.set(collection, ids.add(id));
    };
    for (const write of upserts) {
      want(write.collection, write.id);
      for (const copy of copiesOf(write)) want(copy.from, copy.id);
    }
    // One at a time: a session runs one operation of its transaction at once.
    for (const [collection, ids] of missing) {
      const documents = this.documentsOf(collection);
      for (const id of ids) documents.set(id, null);
      const found = await this.db.collection<StoredDocument>(collection).find({ _id: { $in: [...ids] } }, { session: this.session }).toArray();
      for (const document of found) documents.set(document._id, document);
    }
  }

  private upsert(write: UpsertWrite): void {
    const documents = this.documentsOf(write.collection);
    const before = documents.get(write.id) ?? undefined;
    const joined = copiesOf(write).map((copy) => this.current.get(copy.from)?.get(copy.id) ?? null);
    const after = upserted(before, write, joined) as StoredDocument | undefined;
    if (!after) return;
    this.change(write.collection, before, after);
  }

  /** A document left as it was (a replayed `$set`, an update by filter that matched it again) is not sent. */
  private change(collection: string, before: StoredDocument | undefined, after: StoredDocument): void {
    if (before && JSON.stringify(before) === JSON.stringify(after)) return;
    this.documentsOf(collection).set(after._id, after);
    const ids = this.changed.get(collection) ?? new Set<string>();
    this.changed.set(collection, ids.add(after._id));
    this.addToCells(collection, before, after);
  }

  private addToCells(collection: string, before: StoredDocument | undefined, after: StoredDocument | undefined): void {
    for (const { cube, cuboids } of this.cubesBySource.get(collection) ?? []) addCubeDelta(cube, cuboids, before, after, this.deltas);
  }

  /**
   * A write by filter runs on the server after what is pending, unless cubes keep totals of the
   * collection: then the matching documents are read and changed here, so their cells follow.
   */
  private async applyByFilter(write: Exclude<ReadModelWrite, UpsertWrite>): Promise<void> {
    await this.flush();
    const collection = this.db.collection<StoredDocument>(write.collection);
    const filter = write.filter as MongoFilter<StoredDocument>;
    const counted = this.cubesBySource.has(write.collection);
    const matching = counted ? await collection.find(filter, { session: this.session }).toArray() : [];
    this.current.delete(write.collection);
    switch (write.op) {
      case 'updateMany':
        if (!counted) await collection.updateMany(filter, write.update as UpdateFilter<StoredDocument>, { session: this.session });
        for (const before of matching) this.change(write.collection, before, updated(before, before._id, write.update) as StoredDocument);
        return;
      case 'deleteMany':
        await collection.deleteMany(filter, { session: this.session });
        for (const before of matching) this.addToCells(write.collection, before, undefined);
        return;
      default:
        return unreachable(write);
    }
  }

  private async flush(): Promise<void> {
    for (const [name, ids] of this.changed) {
      const documents = this.documentsOf(name);
      const operations: AnyBulkWriteOperation<StoredDocument>[] = [...ids].map((id) => ({
        replaceOne: { filter: { _id: id }, replacement: documents.get(id) as StoredDocument, upsert: true },
      }));
      await this.db.collection<StoredDocument>(name).bulkWrite(operations, { ordered: true, session: this.session });
    }
    this.changed.clear();
  }

  /** Adds the deltas to the cells (created on first use) and drops the cells no fact is left in. */
  private async applyCellDeltas(): Promise<void> {
    for (const [name, cells] of this.deltas) {
      const operations: AnyBulkWriteOperation<StoredDocument>[] = [];
      for (const [id, delta] of cells) {
        const inc: Record<string, number> = {};
        if (delta.n !== 0) inc.n = delta.n;
        for (const key in delta.s) if (delta.s[key] !== 0) inc[`s.${key}`] = delta.s[key];
        if (Object.keys(inc).length === 0) continue;
        operations.push({
          updateOne: {
            filter: { _id: id },
            update: { $inc: inc, $setOnInsert: { period: delta.period, ...delta.dims } } as UpdateFilter<StoredDocument>,
            upsert: true,
          },
        });
      }
      if (operations.length === 0) continue;
      const collection = this.db.collection<StoredDocument>(name);
      await collection.bulkWrite(operations, { ordered: true, session: this.session });
      await collection.deleteMany({ _id: { $in: [...cells.keys()] }, n: { $lte: 0 } }, { session: this.session });
    }
  }
}

type DuplicateKey = { readonly collection: string; readonly detail: string };

/** The duplicate key a write failed on, from the server's message (`collection: db.name index: name_1 dup key: …`). */
function duplicateKeyOf(error: unknown): DuplicateKey | null {
  let message: string | undefined;
  if (error instanceof MongoBulkWriteError) {
    const writeErrors = Array.isArray(error.writeErrors) ? error.writeErrors : [error.writeErrors];
    const duplicate = writeErrors.find((writeError) => writeError?.code === DUPLICATE_KEY);
    if (duplicate) message = duplicate.errmsg ?? 'duplicate key';
  } else if (error instanceof MongoServerError && error.code === DUPLICATE_KEY) message = error.message;
  if (message === undefined) return null;
  const named = / collection: [^.\s]+\.(\S+) index: /.exec(message);
  return { collection: named?.[1] ?? 'unknown', detail: message };
}

/**
 * A unique index that leaves out documents missing one of its fields, as the embedded store's
 * does (SQLite indexes a missing field as NULL, and NULLs never collide); MongoDB would index them
 * all under null and refuse the second. An explicit null is still a value to MongoDB.
 */
const uniqueWhereEveryFieldExists = (index: IndexSpec): { name: string; unique: true; partialFilterExpression: MongoDocument } => ({
  // Named apart from the default (`email_1`): an index of that name without the filter, made by an
  // earlier version, would otherwise make MongoDB refuse this one (IndexKeySpecsConflict).
  name: `${Object.entries(index.fields)
    .map(([field, direction]) => `${field}_${direction}`)
    .join('_')}_unique_where_present`,
  unique: true,
  partialFilterExpression: Object.fromEntries(Object.keys(index.fields).map((field) => [field, { $exists: true }])),
});

/**
 * Server codes of the failures the driver's retryable-reads/writes specifications call retryable.
 * Not WriteConflict or a transaction's TransientTransactionError label once `withTransaction` has
 * given up: a transaction too large for the server's cache ends that way every time, and the
 * applier must then try smaller commits rather than wait for the server.
 */
const SERVER_FAILURE_CODES = new Set([
  6, // HostUnreachable
  7, // HostNotFound
  64, // WriteConcernFailed
  89, // NetworkTimeout
  91, // ShutdownInProgress
  189, // PrimarySteppedDown
  262, // ExceededTimeLimit
  9001, // SocketException
  10107, // NotWritablePrimary
  11600, // InterruptedAtShutdown
  11602, // InterruptedDueToReplStateChange
  13435, // NotPrimaryNoSecondaryOk
  13436, // NotPrimaryOrSecondary
]);
const SERVER_FAILURE_LABELS = ['RetryableWriteError', 'ResetPool'];

/** The error as ReadStoreUnavailableError when the server is to blame, else as it is. */
const unavailableOr = (operation: string, error: unknown): unknown => (isServerFailure(error) ? new ReadStoreUnavailableError(operation, { cause: error }) : error);

/** A failure of the server or the way to it, not of the data: the same write can go through later. */
function isServerFailure(error: unknown): boolean {
  if (error instanceof MongoNetworkError || error instanceof MongoServerSelectionError || error instanceof MongoWriteConcernError) return true;
  if (!(error instanceof MongoError)) return false;
  return SERVER_FAILURE_LABELS.some((label) => error.hasErrorLabel(label)) || (typeof error.code === 'number' && SERVER_FAILURE_CODES.has(error.code));
}

/** The database in the URL's path (`mongodb://host/name?…`), `sales` when the path is empty. */
const databaseOf = (url: string): string => {
  const match = /^mongodb(?:\+srv)?:\/\/[^/?]*\/([^?]*)/.exec(url);
  return match && match[1] ? decodeURIComponent(match[1]) : 'sales';
};

const unreadable = (id: string): never => {
  throw new Error(`Unreadable stored position in parked event ${id}`);
};

const unreachable = (value: never): never => {
  throw new Error(`Unknown read-model write ${JSON.stringify(value)}`);
};
