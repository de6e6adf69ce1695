import {
  type AnyBulkWriteOperation,
  type ClientSession,
  type Db,
  type Filter as MongoFilter,
  type Document as MongoDocument,
  MongoBulkWriteError,
  MongoClient,
  MongoServerError,
  type UpdateFilter,
  type WriteError,
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
} from './read-store.port';
import { DuplicateKeyError } from './duplicate-key.error';
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

/** Consecutive writes to one collection, sent as one ordered bulk write. */
type Run = { collection: string; operations: AnyBulkWriteOperation<StoredDocument>[]; guarded: boolean[] };

type Deltas = Map<string, Map<string, CubeDelta>>;

/**
 * The production read store on MongoDB. `commit` applies the writes in order, guarded upserts
 * changing nothing when replayed, then moves the checkpoint, so a crash in between only leads to a
 * replay of writes that are already applied. A commit that changes a cube's facts, or joins on
 * write, reads what it changes and runs in one transaction with the cells and the checkpoint
 * (MongoDB needs a replica set for that; the compose file runs one).
 */
export class MongoReadStore extends ReadStore {
  private readonly cubesBySource = new Map<string, { cube: CubeDefinition; cuboids: Cuboid[] }[]>();

  private constructor(
    private readonly client: MongoClient,
    private readonly db: Db,
  ) {
    super();
  }

  /** Connects to the database named in the URL's path, `sales` when there is none. */
  static async connect(url: string): Promise<MongoReadStore> {
    const client = new MongoClient(url);
    try {
      await client.connect();
    } catch (error) {
      await client.close();
      throw error;
    }
    return new MongoReadStore(client, client.db(databaseOf(url)));
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
      .createIndexes(indexes.map((index) => ({ key: { ...index.fields }, ...(index.unique ? { unique: true } : {}) })));
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
    for (const run of runsOf(writes)) await this.bulkWrite(run);
  }

  async commit(projection: string, writes: readonly ReadModelWrite[], checkpoint: Position): Promise<void> {
    const saveCheckpoint = (session?: ClientSession) =>
      this.db
        .collection<CheckpointDocument>(CHECKPOINTS)
        .updateOne(
          { _id: projection },
          { $set: { position: formatPosition(checkpoint), updatedAt: new Date().toISOString() } },
          { upsert: true, session },
        );
    if (!writes.some((write) => this.cubesBySource.has(write.collection) || (write.op === 'upsert' && write.copy))) {
      for (const run of runsOf(writes)) await this.bulkWrite(run);
      await saveCheckpoint();
      return;
    }
    const session = this.client.startSession();
    try {
      await session.withTransaction(async () => {
        const deltas: Deltas = new Map();
        for (const write of writes) await this.applyInTransaction(write, session, deltas);
        await this.applyCellDeltas(deltas, session);
        await saveCheckpoint(session);
      });
    } finally {
      await session.endSession();
    }
  }

  /** One write, read and written in the transaction, with what it changes in cube cells. */
  private async applyInTransaction(write: ReadModelWrite, session: ClientSession, deltas: Deltas): Promise<void> {
    const collection = this.db.collection<StoredDocument>(write.collection);
    const cubes = this.cubesBySource.get(write.collection) ?? [];
    const changed = (before: StoredDocument | undefined, after: StoredDocument | undefined): void => {
      for (const { cube, cuboids } of cubes) addCubeDelta(cube, cuboids, before, after, deltas);
    };
    switch (write.op) {
      case 'upsert': {
        const before = (await collection.findOne({ _id: write.id }, { session })) ?? undefined;
        // One at a time: a session runs one operation of its transaction at once.
        const joined: (StoredDocument | null)[] = [];
        for (const copy of copiesOf(write)) joined.push(await this.db.collection<StoredDocument>(copy.from).findOne({ _id: copy.id }, { session }));
        const after = upserted(before, write, joined) as StoredDocument | undefined;
        if (!after) return;
        await collection.replaceOne({ _id: write.id }, after, { upsert: true, session });
        changed(before, after);
        return;
      }
      case 'updateMany': {
        if (cubes.length === 0) {
          await collection.updateMany(write.filter as MongoFilter<StoredDocument>, write.update as UpdateFilter<StoredDocument>, { session });
          return;
        }
        for (const before of await collection.find(write.filter as MongoFilter<StoredDocument>, { session }).toArray()) {
          const after = updated(before, before._id, write.update) as StoredDocument;
          await collection.replaceOne({ _id: before._id }, after, { session });
          changed(before, after);
        }
        return;
      }
      case 'deleteMany': {
        const removed = cubes.length === 0 ? [] : await collection.find(write.filter as MongoFilter<StoredDocument>, { session }).toArray();
        await collection.deleteMany(write.filter as MongoFilter<StoredDocument>, { session });
        for (const before of removed) changed(before, undefined);
        return;
      }
      default:
        return unreachable(write);
    }
  }

  /** Adds the deltas to the cells (created on first use) and drops the cells no fact is left in. */
  private async applyCellDeltas(deltas: Deltas, session: ClientSession): Promise<void> {
    for (const [name, cells] of deltas) {
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
      await collection.bulkWrite(operations, { ordered: false, session });
      await collection.deleteMany({ _id: { $in: [...cells.keys()] }, n: { $lte: 0 } }, { session });
    }
  }

  async readCheckpoint(projection: string): Promise<Position | null> {
    const found = await this.db.collection<CheckpointDocument>(CHECKPOINTS).findOne({ _id: projection });
    return found ? parsePosition(found.position) : null;
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
    await this.db
      .collection<ParkedDocument>(PARKED)
      .replaceOne({ _id }, { ...event, position: formatPosition(event.position) }, { upsert: true });
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

  /** An ordered bulk write stops at its first error; a guarded upsert's duplicate `_id` is skipped over. */
  private async bulkWrite(run: Run): Promise<void> {
    const collection = this.db.collection<StoredDocument>(run.collection);
    let from = 0;
    while (from < run.operations.length) {
      try {
        await collection.bulkWrite(run.operations.slice(from), { ordered: true });
        return;
      } catch (error) {
        const duplicate = duplicateKeyOf(error);
        if (!duplicate) throw error;
        if (!(run.guarded[from + duplicate.index] && isOnId(duplicate))) {
          throw new DuplicateKeyError(run.collection, duplicate.errmsg ?? 'duplicate key', { cause: error });
        }
        from += duplicate.index + 1;
      }
    }
  }
}

/** The write error of an ordered bulk write that stopped on a duplicate key, if that is what happened. */
function duplicateKeyOf(error: unknown): WriteError | null {
  if (!(error instanceof MongoBulkWriteError)) return null;
  const writeErrors = Array.isArray(error.writeErrors) ? error.writeErrors : [error.writeErrors];
  return writeErrors.length === 1 && writeErrors[0]?.code === DUPLICATE_KEY ? writeErrors[0] : null;
}

/**
 * A guarded upsert matches only while the guard field is missing or lower; otherwise it tries to
 * insert a document whose `_id` exists: that duplicate means the write was applied before. The
 * driver keeps only the server's message, which names the index (`index: _id_ dup key: …`).
 */
const isOnId = (writeError: WriteError): boolean =>
  writeError.errmsg === undefined || / index: _id_ /.test(writeError.errmsg);

function runsOf(writes: readonly ReadModelWrite[]): Run[] {
  const runs: Run[] = [];
  for (const write of writes) {
    let run = runs[runs.length - 1];
    if (!run || run.collection !== write.collection) {
      run = { collection: write.collection, operations: [], guarded: [] };
      runs.push(run);
    }
    run.operations.push(toOperation(write));
    run.guarded.push(write.op === 'upsert' && write.guard !== undefined);
  }
  return runs;
}

function toOperation(write: ReadModelWrite): AnyBulkWriteOperation<StoredDocument> {
  switch (write.op) {
    case 'upsert': {
      if (!write.guard) {
        return {
          updateOne: { filter: { _id: write.id }, update: write.update as UpdateFilter<StoredDocument>, upsert: true },
        };
      }
      const { field, value } = write.guard;
      const filter = { _id: write.id, $or: [{ [field]: { $exists: false } }, { [field]: { $lt: value } }] };
      const update = { ...write.update, $set: { ...(write.update.$set as object | undefined), [field]: value } };
      return { updateOne: { filter, update: update as UpdateFilter<StoredDocument>, upsert: true } };
    }
    case 'updateMany':
      return {
        updateMany: {
          filter: write.filter as MongoFilter<StoredDocument>,
          update: write.update as UpdateFilter<StoredDocument>,
        },
      };
    case 'deleteMany':
      return { deleteMany: { filter: write.filter as MongoFilter<StoredDocument> } };
    default:
      return unreachable(write);
  }
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
