import { Aggregator, Query, find as mingoFind } from 'mingo';
import {
  MongoBulkWriteError,
  type MongoClient,
  MongoError,
  MongoNetworkError,
  MongoServerError,
  MongoWriteConcernError,
} from 'mongodb';
import { cloneJson, updated } from '../document-update';
import type { Document } from '../read-store.port';

/*
 * A MongoDB server inside the test process, for proving the MongoDB adapter where no server can run.
 * It reproduces the server behaviour the adapter depends on, as documented by MongoDB:
 * - transactions (replica sets only) read a snapshot taken at their first operation; writing a
 *   document another transaction has written since, or holds uncommitted, fails with WriteConflict
 *   (code 112) labelled TransientTransactionError, and any other error aborts the transaction;
 * - outside transactions each operation is atomic on its own, and a write waits for a transaction
 *   that holds the document;
 * - unique indexes count a missing field as null unless the index is partial;
 * - an ordered bulk write stops at its first error and keeps the writes before it;
 * - an upsert that matched nothing inserts; if another writer inserted the same `_id` meanwhile,
 *   the server retries it itself only when its filter is pure equality on `_id`, otherwise it
 *   fails with E11000 on the `_id_` index;
 * - a standalone server refuses transactions (code 20).
 * The query language is mingo's, as in the embedded store. Query plans (`explain`) are not
 * reproduced. Scripted faults (`failNext`) make the next operations fail as a network, a stepped-down
 * primary or a write-concern timeout does.
 */

type Stored = Document;
type Version = { readonly at: number; readonly document: Stored | null };
type IndexDefinition = {
  readonly name: string;
  readonly key: Record<string, 1 | -1>;
  readonly unique: boolean;
  readonly partialFilterExpression?: Record<string, unknown>;
};
type CollectionState = { readonly versions: Map<string, Version[]>; readonly indexes: IndexDefinition[] };
type Transaction = {
  readonly snapshot: number;
  readonly writes: Map<string, { collection: string; id: string; document: Stored | null }>;
  failed: boolean;
};

/** Failovers and shutdowns: the server labels them TransientTransactionError inside a transaction. */
const STATE_CHANGE_CODES = new Set([91, 189, 10107, 11600, 11602, 13435, 13436]);
const ID_INDEX: IndexDefinition = { name: '_id_', key: { _id: 1 }, unique: true };
const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export class ScriptedMongoServer {
  private readonly collections = new Map<string, CollectionState>();
  private readonly locks = new Map<string, Transaction>();
  private readonly open = new Set<Transaction>();
  private readonly released = new Set<() => void>();
  private readonly faults: { readonly make: () => Error; readonly on: string | undefined }[] = [];
  private clock = 0;
  /** Operations the server has run, by name (the adapter's round trips). */
  readonly operations: string[] = [];
  /** Writes refused because another writer got to the document first (write conflicts, duplicate `_id`s). */
  conflicts = 0;

  /** `transactionRetryMs`: how long `withTransaction` runs a transaction again (the driver: 120 s). */
  constructor(
    readonly options: {
      readonly replicaSet?: boolean;
      readonly version?: string;
      readonly transactionRetryMs?: number;
    } = {},
  ) {}

  /** A client as the adapter sees `MongoClient` (only what it uses). */
  client(): MongoClient {
    return new ScriptedClient(this) as unknown as MongoClient;
  }

  /** The next `count` operations fail with the error `make` builds, before they change anything. */
  failNext(count: number, make: () => Error, on?: 'commitTransaction' | 'find' | 'bulkWrite'): void {
    for (let i = 0; i < count; i += 1) this.faults.push({ make, on });
  }

  /** The server is healthy again. */
  clearFaults(): void {
    this.faults.length = 0;
  }

  /** The next scripted fault for an operation, labelled as the server and driver label it inside a transaction. */
  fault(name: string, inTransaction: boolean): Error | undefined {
    const index = this.faults.findIndex((fault) => fault.on === undefined || fault.on === name);
    if (index === -1) return undefined;
    const error = this.faults.splice(index, 1)[0].make();
    if (inTransaction && error instanceof MongoError) {
      // The driver labels a network error in a transaction, the server a failover, as transient; a
      // commit whose outcome is unknown (write concern, network) as UnknownTransactionCommitResult.
      if (
        name === 'commitTransaction' &&
        (error instanceof MongoWriteConcernError || error instanceof MongoNetworkError)
      )
        error.addErrorLabel('UnknownTransactionCommitResult');
      else if (error instanceof MongoNetworkError || STATE_CHANGE_CODES.has(Number(error.code)))
        error.addErrorLabel('TransientTransactionError');
    }
    return error;
  }

  /** Committed documents of a collection, for assertions. */
  documents(database: string, collection: string): Stored[] {
    return this.visible(`${database}.${collection}`, null).map(cloneJson);
  }

  static networkError(): Error {
    return new MongoNetworkError('connection 3 to 127.0.0.1:27017 closed');
  }

  static notPrimary(): Error {
    return new MongoServerError({
      message: 'not primary',
      code: 10107,
      codeName: 'NotWritablePrimary',
      errorLabels: ['RetryableWriteError'],
    });
  }

  static writeConcernTimeout(): Error {
    return new MongoWriteConcernError({
      ok: 1,
      writeConcernError: {
        errmsg: 'waiting for replication timed out',
        code: 64,
        codeName: 'WriteConcernFailed',
        errInfo: { wtimeout: true },
      },
    } as never);
  }

  // ---- what the client calls ----

  async run<T>(
    name: string,
    session: ScriptedSession | undefined,
    operation: (transaction: Transaction | null) => T | Promise<T>,
  ): Promise<T> {
    await turn();
    this.operations.push(name);
    const transaction = session?.transaction ?? null;
    const fault = this.fault(name, transaction !== null);
    if (fault) {
      if (transaction) transaction.failed = true;
      throw fault;
    }
    if (session?.inTransaction() && !this.options.replicaSet) {
      throw new MongoServerError({
        message: 'Transaction numbers are only allowed on a replica set member or mongos',
        code: 20,
        codeName: 'IllegalOperation',
      });
    }
    if (transaction?.failed) {
      throw new MongoServerError({
        message: 'Transaction has been aborted',
        code: 251,
        codeName: 'NoSuchTransaction',
        errorLabels: ['TransientTransactionError'],
      });
    }
    try {
      return await operation(transaction);
    } catch (error) {
      if (transaction) transaction.failed = true;
      throw error;
    }
  }

  begin(): Transaction {
    const transaction = { snapshot: this.clock, writes: new Map(), failed: false };
    this.open.add(transaction);
    return transaction;
  }

  commit(transaction: Transaction): void {
    if (transaction.failed) {
      throw new MongoServerError({
        message: 'Transaction has been aborted',
        code: 251,
        codeName: 'NoSuchTransaction',
        errorLabels: ['TransientTransactionError'],
      });
    }
    const at = ++this.clock;
    for (const { collection, id, document } of transaction.writes.values()) this.push(collection, id, { at, document });
    this.release(transaction);
  }

  abort(transaction: Transaction): void {
    this.release(transaction);
  }

  state(collection: string): CollectionState {
    let state = this.collections.get(collection);
    if (!state) {
      state = { versions: new Map(), indexes: [ID_INDEX] };
      this.collections.set(collection, state);
    }
    return state;
  }

  drop(collection: string): void {
    this.collections.delete(collection);
  }

  /**
   * Copies of the documents a reader sees: its transaction's snapshot and own writes, or the latest
   * commits; only those of `ids` when given (a filter on `_id`, which the server answers from its index).
   */
  visible(collection: string, transaction: Transaction | null, ids?: readonly string[]): Stored[] {
    const state = this.collections.get(collection);
    const found: Stored[] = [];
    const candidates = new Set(ids ?? state?.versions.keys() ?? []);
    if (transaction && !ids)
      for (const write of transaction.writes.values()) if (write.collection === collection) candidates.add(write.id);
    for (const id of candidates) {
      const document = this.documentOf(collection, id, transaction);
      if (document) found.push(cloneJson(document));
    }
    return found;
  }

  documentOf(collection: string, id: string, transaction: Transaction | null): Stored | null {
    const own = transaction?.writes.get(keyOf(collection, id));
    if (own) return own.document;
    const versions = this.collections.get(collection)?.versions.get(id) ?? [];
    for (let i = versions.length - 1; i >= 0; i -= 1)
      if (!transaction || versions[i].at <= transaction.snapshot) return versions[i].document;
    return null;
  }

  /** Writes one document (null deletes it), with the server's conflict and unique-index rules. */
  async write(collection: string, id: string, document: Stored | null, transaction: Transaction | null): Promise<void> {
    const key = keyOf(collection, id);
    if (transaction) {
      const holder = this.locks.get(key);
      const latest = this.collections.get(collection)?.versions.get(id)?.at(-1);
      if ((holder && holder !== transaction) || (latest && latest.at > transaction.snapshot)) {
        this.conflicts += 1;
        throw new MongoServerError({
          message:
            'Caused by :: Write conflict during plan execution and yielding is disabled. :: Please retry your operation or multi-document transaction.',
          code: 112,
          codeName: 'WriteConflict',
          errorLabels: ['TransientTransactionError'],
        });
      }
      if (document) this.checkUnique(collection, document, transaction);
      this.locks.set(key, transaction);
      transaction.writes.set(key, { collection, id, document });
      return;
    }
    while (this.locks.has(key)) await new Promise<void>((resolve) => this.released.add(resolve));
    if (document) this.checkUnique(collection, document, null);
    this.push(collection, id, { at: ++this.clock, document });
  }

  createIndex(collection: string, index: IndexDefinition): void {
    const state = this.state(collection);
    const known = state.indexes.find((existing) => existing.name === index.name);
    if (known) {
      if (JSON.stringify(known) === JSON.stringify(index)) return;
      throw new MongoServerError({
        message: `An existing index has the same name as the requested index. When index names are not specified, they are auto generated and can cause conflicts. Existing index: ${JSON.stringify(known)}`,
        code: 86,
        codeName: 'IndexKeySpecsConflict',
      });
    }
    if (index.unique) this.checkBuild(collection, index);
    state.indexes.push(index);
  }

  private checkBuild(collection: string, index: IndexDefinition): void {
    const keys = new Map<string, string>();
    for (const document of this.visible(collection, null)) {
      const key = indexKey(index, document);
      if (key === undefined) continue;
      if (keys.has(key)) throw duplicateKey(collection, index, document);
      keys.set(key, document._id);
    }
  }

  private checkUnique(collection: string, document: Stored, transaction: Transaction | null): void {
    for (const index of this.state(collection).indexes) {
      if (!index.unique || index === ID_INDEX) continue;
      const key = indexKey(index, document);
      if (key === undefined) continue;
      const clash = this.visible(collection, transaction).find(
        (other) => other._id !== document._id && indexKey(index, other) === key,
      );
      if (clash) throw duplicateKey(collection, index, document);
    }
  }

  private push(collection: string, id: string, version: Version): void {
    const versions = this.state(collection).versions;
    const kept = versions.get(id) ?? [];
    kept.push({ at: version.at, document: version.document && (cloneJson(version.document) as Stored) });
    // Versions no open transaction can see any more are dropped.
    let oldest = Infinity;
    for (const holder of this.open) oldest = Math.min(oldest, holder.snapshot);
    let from = kept.length - 1;
    while (from > 0 && kept[from].at > oldest) from -= 1;
    versions.set(id, from > 0 ? kept.slice(from) : kept);
  }

  private release(transaction: Transaction): void {
    this.open.delete(transaction);
    for (const [key, holder] of this.locks) if (holder === transaction) this.locks.delete(key);
    const waiting = [...this.released];
    this.released.clear();
    for (const wake of waiting) wake();
  }
}

const keyOf = (collection: string, id: string): string => `${collection}\u0000${id}`;

/** The index key of a document, or undefined when a partial index leaves it out. A missing field is null. */
function indexKey(index: IndexDefinition, document: Stored): string | undefined {
  if (index.partialFilterExpression && !new Query(index.partialFilterExpression).test(document)) return undefined;
  return JSON.stringify(Object.keys(index.key).map((field) => valueAtPath(document, field) ?? null));
}

function valueAtPath(document: Record<string, unknown>, path: string): unknown {
  let current: unknown = document;
  for (const segment of path.split('.')) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

function duplicateKey(collection: string, index: IndexDefinition, document: Stored): MongoServerError {
  const fields = Object.keys(index.key)
    .map((field) => `${field}: ${JSON.stringify(valueAtPath(document, field) ?? null)}`)
    .join(', ');
  return new MongoServerError({
    message: `E11000 duplicate key error collection: ${collection} index: ${index.name} dup key: { ${fields} }`,
    code: 11000,
    keyPattern: index.key,
  });
}

const indexName = (key: Record<string, 1 | -1>): string =>
  Object.entries(key)
    .map(([field, direction]) => `${field}_${direction}`)
    .join('_');

/** The ids a filter names on `_id` (a value or `$in`), which bound the documents it can match. */
function idsOf(filter: Record<string, unknown>): readonly string[] | undefined {
  const id = filter._id;
  if (typeof id === 'string') return [id];
  if (
    typeof id === 'object' &&
    id !== null &&
    Object.keys(id).length === 1 &&
    Array.isArray((id as { $in?: unknown }).$in)
  ) {
    const listed = (id as { $in: unknown[] }).$in;
    return listed.every((value) => typeof value === 'string') ? (listed as string[]) : undefined;
  }
  return undefined;
}

/** A filter that is exactly `{ _id: <value> }`: the only upsert the server retries after a duplicate key. */
const isIdEquality = (filter: Record<string, unknown>): boolean =>
  Object.keys(filter).length === 1 && '_id' in filter && (typeof filter._id !== 'object' || filter._id === null);

class ScriptedSession {
  transaction: Transaction | null = null;

  constructor(private readonly server: ScriptedMongoServer) {}

  inTransaction(): boolean {
    return this.transaction !== null;
  }

  startTransaction(): void {
    this.transaction = this.server.begin();
  }

  async commitTransaction(): Promise<void> {
    const transaction = this.transaction;
    this.transaction = null;
    if (!transaction) return;
    await turn();
    const fault = this.server.fault('commitTransaction', true);
    if (fault) {
      this.server.abort(transaction);
      throw fault;
    }
    try {
      this.server.commit(transaction);
    } catch (error) {
      this.server.abort(transaction);
      throw error;
    }
  }

  async abortTransaction(): Promise<void> {
    if (this.transaction) this.server.abort(this.transaction);
    this.transaction = null;
  }

  /** As the driver's: runs `work` in a transaction and commits; a TransientTransactionError runs it all again. */
  /**
   * As the driver's: runs `work` in a transaction and commits, for up to `transactionRetryMs`
   * (120 s in the driver): a TransientTransactionError runs it all again, an
   * UnknownTransactionCommitResult the commit. (The scripted commit does not survive its own
   * failure, so a commit tried again runs the work again: what it writes is the same.)
   */
  async withTransaction<T>(work: (session: ScriptedSession) => Promise<T>): Promise<T> {
    const deadline = Date.now() + (this.server.options.transactionRetryMs ?? 120_000);
    const retryable = (error: unknown, label: string): boolean =>
      error instanceof MongoError && error.hasErrorLabel(label) && Date.now() < deadline;
    for (;;) {
      this.startTransaction();
      let result: T;
      try {
        result = await work(this);
      } catch (error) {
        await this.abortTransaction();
        if (retryable(error, 'TransientTransactionError')) {
          await turn();
          continue;
        }
        throw error;
      }
      try {
        await this.commitTransaction();
        return result;
      } catch (error) {
        if (retryable(error, 'TransientTransactionError') || retryable(error, 'UnknownTransactionCommitResult')) {
          await turn();
          continue;
        }
        throw error;
      }
    }
  }

  async endSession(): Promise<void> {
    await this.abortTransaction();
  }
}

class ScriptedClient {
  constructor(private readonly server: ScriptedMongoServer) {}

  async connect(): Promise<this> {
    return this;
  }

  db(name: string): ScriptedDb {
    return new ScriptedDb(this.server, name);
  }

  startSession(): ScriptedSession {
    return new ScriptedSession(this.server);
  }

  async close(): Promise<void> {}
}

class ScriptedDb {
  constructor(
    private readonly server: ScriptedMongoServer,
    readonly databaseName: string,
  ) {}

  collection(name: string): ScriptedCollection {
    return new ScriptedCollection(this.server, `${this.databaseName}.${name}`);
  }

  admin(): { command: (command: Record<string, unknown>) => Promise<Record<string, unknown>> } {
    return {
      command: (command) =>
        this.server.run('admin', undefined, () => {
          if ('buildInfo' in command) return { version: this.server.options.version ?? '7.0.0', ok: 1 };
          if ('hello' in command)
            return { isWritablePrimary: true, ...(this.server.options.replicaSet ? { setName: 'rs0' } : {}), ok: 1 };
          return { ok: 1 };
        }),
    };
  }
}

type SessionOption = { readonly session?: ScriptedSession };
type FindOptions = SessionOption & {
  sort?: Record<string, 1 | -1>;
  skip?: number;
  limit?: number;
  projection?: Record<string, 0 | 1>;
};
type BulkOperation = Record<
  string,
  {
    filter?: Record<string, unknown>;
    update?: Record<string, unknown>;
    replacement?: Stored;
    document?: Stored;
    upsert?: boolean;
  }
>;

class ScriptedCursor implements AsyncIterable<Stored> {
  constructor(
    private readonly read: (options: FindOptions) => Promise<Stored[]>,
    private readonly options: FindOptions,
  ) {}

  sort(sort: Record<string, 1 | -1>): ScriptedCursor {
    return new ScriptedCursor(this.read, { ...this.options, sort });
  }

  toArray(): Promise<Stored[]> {
    return this.read(this.options);
  }

  async *[Symbol.asyncIterator](): AsyncIterator<Stored> {
    yield* await this.read(this.options);
  }

  explain(): Promise<never> {
    return Promise.reject(new Error('Query plans are not scripted: run the explain tests against a real MongoDB'));
  }
}

class ScriptedCollection {
  constructor(
    private readonly server: ScriptedMongoServer,
    private readonly name: string,
  ) {}

  find(filter: Record<string, unknown> = {}, options: FindOptions = {}): ScriptedCursor {
    return new ScriptedCursor(
      (current) =>
        this.server.run('find', current.session, (transaction) => {
          let cursor = mingoFind(
            this.server.visible(this.name, transaction, idsOf(filter)),
            filter,
            current.projection,
          );
          if (current.sort) cursor = cursor.sort(current.sort);
          if (current.skip) cursor = cursor.skip(current.skip);
          if (current.limit) cursor = cursor.limit(current.limit);
          return (cursor.all() as Stored[]).map(cloneJson);
        }),
      options,
    );
  }

  async findOne(filter: Record<string, unknown>, options: FindOptions = {}): Promise<Stored | null> {
    const [found] = await this.find(filter, { ...options, limit: 1 }).toArray();
    return found ?? null;
  }

  countDocuments(filter: Record<string, unknown> = {}, options: SessionOption = {}): Promise<number> {
    return this.server.run('count', options.session, (transaction) => this.matching(filter, transaction).length);
  }

  aggregate(
    pipeline: Record<string, unknown>[],
    options: SessionOption = {},
  ): { toArray: () => Promise<Record<string, unknown>[]> } {
    return {
      toArray: () =>
        this.server.run('aggregate', options.session, (transaction) =>
          new Aggregator(pipeline, {
            collectionResolver: (name: string) =>
              this.server.visible(`${this.name.split('.')[0]}.${name}`, transaction),
          })
            .run(this.server.visible(this.name, transaction))
            .map(cloneJson),
        ),
    };
  }

  createIndexes(
    specs: {
      key: Record<string, 1 | -1>;
      unique?: boolean;
      name?: string;
      partialFilterExpression?: Record<string, unknown>;
    }[],
  ): Promise<string[]> {
    return this.server.run('createIndexes', undefined, () =>
      specs.map((spec) => {
        const name = spec.name ?? indexName(spec.key);
        this.server.createIndex(this.name, {
          name,
          key: spec.key,
          unique: spec.unique === true,
          ...(spec.partialFilterExpression ? { partialFilterExpression: spec.partialFilterExpression } : {}),
        });
        return name;
      }),
    );
  }

  listIndexes(): { toArray: () => Promise<Record<string, unknown>[]> } {
    return {
      toArray: () =>
        this.server.run('listIndexes', undefined, () =>
          this.server.state(this.name).indexes.map((index) => ({
            v: 2,
            key: index.key,
            name: index.name,
            ...(index.unique && index !== ID_INDEX ? { unique: true } : {}),
            ...(index.partialFilterExpression ? { partialFilterExpression: index.partialFilterExpression } : {}),
          })),
        ),
    };
  }

  drop(): Promise<boolean> {
    return this.server.run('drop', undefined, () => (this.server.drop(this.name), true));
  }

  updateOne(
    filter: Record<string, unknown>,
    update: Record<string, unknown>,
    options: SessionOption & { upsert?: boolean } = {},
  ): Promise<unknown> {
    return this.server.run('updateOne', options.session, (transaction) =>
      this.updateOneIn(transaction, filter, (current, id) => updated(current ?? undefined, id, update), options.upsert),
    );
  }

  replaceOne(
    filter: Record<string, unknown>,
    replacement: Stored,
    options: SessionOption & { upsert?: boolean } = {},
  ): Promise<unknown> {
    return this.server.run('replaceOne', options.session, (transaction) =>
      this.updateOneIn(transaction, filter, (_current, id) => ({ ...cloneJson(replacement), _id: id }), options.upsert),
    );
  }

  updateMany(
    filter: Record<string, unknown>,
    update: Record<string, unknown>,
    options: SessionOption = {},
  ): Promise<unknown> {
    return this.server.run('updateMany', options.session, (transaction) =>
      this.updateManyIn(transaction, filter, update),
    );
  }

  deleteMany(filter: Record<string, unknown>, options: SessionOption = {}): Promise<unknown> {
    return this.server.run('deleteMany', options.session, (transaction) => this.deleteIn(transaction, filter, false));
  }

  deleteOne(filter: Record<string, unknown>, options: SessionOption = {}): Promise<unknown> {
    return this.server.run('deleteOne', options.session, (transaction) => this.deleteIn(transaction, filter, true));
  }

  /** Ordered: stops at the first failed write, keeping the ones before it. Unordered: tries every write. */
  bulkWrite(operations: BulkOperation[], options: SessionOption & { ordered?: boolean } = {}): Promise<unknown> {
    return this.server.run('bulkWrite', options.session, async (transaction) => {
      const writeErrors: { index: number; code: number; errmsg: string; op: unknown }[] = [];
      for (const [index, operation] of operations.entries()) {
        try {
          await this.applyBulkOperation(transaction, operation);
        } catch (error) {
          // A write conflict in a transaction is the command's error, not one write's.
          if (!(error instanceof MongoServerError) || error.code === 112) throw error;
          writeErrors.push({ index, code: error.code as number, errmsg: error.message, op: operation });
          if (options.ordered !== false || transaction) break;
        }
      }
      if (writeErrors.length > 0) {
        throw new MongoBulkWriteError(
          {
            message: writeErrors[0].errmsg,
            code: writeErrors[0].code,
            writeErrors: writeErrors.map((error) => new BulkWriteError(error)),
          } as never,
          {} as never,
        );
      }
      return { ok: 1 };
    });
  }

  private async applyBulkOperation(transaction: Transaction | null, operation: BulkOperation): Promise<void> {
    const [kind, spec] = Object.entries(operation)[0];
    const filter = spec.filter ?? {};
    switch (kind) {
      case 'updateOne':
        return this.updateOneIn(
          transaction,
          filter,
          (current, id) => updated(current ?? undefined, id, spec.update ?? {}),
          spec.upsert,
        );
      case 'replaceOne':
        return this.updateOneIn(
          transaction,
          filter,
          (_current, id) => ({ ...cloneJson(spec.replacement as Stored), _id: id }),
          spec.upsert,
        );
      case 'updateMany':
        return this.updateManyIn(transaction, filter, spec.update ?? {});
      case 'deleteOne':
        return this.deleteIn(transaction, filter, true);
      case 'deleteMany':
        return this.deleteIn(transaction, filter, false);
      case 'insertOne':
        return this.insert(transaction, spec.document as Stored);
      default:
        throw new Error(`The scripted server does not know bulk operation ${kind}`);
    }
  }

  private matching(filter: Record<string, unknown>, transaction: Transaction | null): Stored[] {
    const query = new Query(filter);
    return this.server.visible(this.name, transaction, idsOf(filter)).filter((document) => query.test(document));
  }

  private async updateOneIn(
    transaction: Transaction | null,
    filter: Record<string, unknown>,
    change: (current: Stored | null, id: string) => Stored,
    upsert = false,
  ): Promise<void> {
    const [current] = this.matching(filter, transaction);
    if (current) return this.server.write(this.name, current._id, change(current, current._id), transaction);
    if (!upsert) return;
    const id = filter._id;
    if (typeof id !== 'string') throw new Error('The scripted server upserts only with a string _id in the filter');
    // Between the match and the insert another writer may insert the same document.
    if (!transaction) await turn();
    if (this.server.documentOf(this.name, id, transaction) !== null) {
      this.server.conflicts += 1;
      if (!transaction && isIdEquality(filter)) return this.updateOneIn(transaction, filter, change, upsert);
      throw duplicateKey(this.name, ID_INDEX, { _id: id });
    }
    return this.server.write(this.name, id, change(null, id), transaction);
  }

  private async insert(transaction: Transaction | null, document: Stored): Promise<void> {
    if (this.server.documentOf(this.name, document._id, transaction) !== null)
      throw duplicateKey(this.name, ID_INDEX, document);
    return this.server.write(this.name, document._id, cloneJson(document), transaction);
  }

  private async updateManyIn(
    transaction: Transaction | null,
    filter: Record<string, unknown>,
    update: Record<string, unknown>,
  ): Promise<void> {
    for (const current of this.matching(filter, transaction))
      await this.server.write(this.name, current._id, updated(current, current._id, update), transaction);
  }

  private async deleteIn(
    transaction: Transaction | null,
    filter: Record<string, unknown>,
    one: boolean,
  ): Promise<void> {
    const found = this.matching(filter, transaction);
    for (const current of one ? found.slice(0, 1) : found)
      await this.server.write(this.name, current._id, null, transaction);
  }
}

/** What the driver's WriteError wraps: the server's write error. */
class BulkWriteError {
  constructor(private readonly error: { index: number; code: number; errmsg: string; op: unknown }) {}
  get code(): number {
    return this.error.code;
  }
  get index(): number {
    return this.error.index;
  }
  get errmsg(): string {
    return this.error.errmsg;
  }
  getOperation(): unknown {
    return this.error.op;
  }
}
