import { Logger } from '@nestjs/common';
import type Database from 'better-sqlite3';
import { Aggregator, Query } from 'mingo';
import { type Position, formatPosition, openSqliteDatabase, parsePosition } from '@ledger/event-sourcing';
import { runLeadingGroup } from './compiled-group';
import { topK } from './top-k';
import { cloneJson, copiesOf, updated, upserted } from './document-update';
import { DuplicateKeyError } from './duplicate-key.error';
import { addCubeDelta, addUpCells, applyCubeDelta, type CubeCell, type CubeDefinition, type CubeDelta, type Cuboid, cubeIndexes, cuboidsOf } from './cubes/cube';
import { cubeFingerprint } from './cubes/cube-fingerprint';
import { DocumentCache } from './document-cache';
import { FieldIndex } from './field-index';
import { filterPredicate } from './filter-predicate';
import { conjunctsOf, type Walk, walkOf } from './index-walk';
import { OrderedIndex } from './ordered-index';
import { readStoreFinds } from './read-metrics';
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
  type ReadStoreDescription,
} from './read-store.port';

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS documents (
    collection TEXT NOT NULL,
    id         TEXT NOT NULL,
    body       TEXT NOT NULL,
    PRIMARY KEY (collection, id)
  ) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS checkpoints (
    projection TEXT PRIMARY KEY,
    position   TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE TABLE IF NOT EXISTS parked (
    seq         INTEGER PRIMARY KEY,
    projection  TEXT    NOT NULL,
    event_id    TEXT    NOT NULL,
    stream_name TEXT    NOT NULL,
    revision    INTEGER NOT NULL,
    type        TEXT    NOT NULL,
    position    TEXT    NOT NULL,
    error       TEXT    NOT NULL,
    attempts    INTEGER NOT NULL,
    parked_at   TEXT    NOT NULL,
    UNIQUE (projection, event_id)
  );
  CREATE TABLE IF NOT EXISTS write_count (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    n  INTEGER NOT NULL
  );
  CREATE TABLE IF NOT EXISTS cube_snapshots (
    cube        TEXT PRIMARY KEY,
    fingerprint TEXT    NOT NULL,
    write_count INTEGER NOT NULL,
    checkpoints TEXT    NOT NULL,
    cells       TEXT    NOT NULL
  );
`;

type CubeSnapshotRow = { fingerprint: string; write_count: number; checkpoints: string; cells: string };
type CheckpointRow = { projection: string; position: string; updated_at: string };
type ParkedRow = {
  projection: string;
  event_id: string;
  stream_name: string;
  revision: number;
  type: string;
  position: string;
  error: string;
  attempts: number;
  parked_at: string;
};

/** A document changed by a commit in progress: `before` restores the indexes (and a cube's cells) if the commit fails. */
type Change = { collection: string; id: string; before: Document | undefined; after: Document | undefined };
/** What a transaction in progress has changed, and what it changes in cube cells once its writes are done. */
type Changes = { documents: Map<string, Change>; cells: Map<string, Map<string, CubeDelta>> };
const noChanges = (): Changes => ({ documents: new Map(), cells: new Map() });
const changeKey = (collection: string, id: string): string => `${collection}\u0000${id}`;
type Row = { id: string; body: string };
/** Rows read per query by a scan. */
const SCAN_PAGE = 512;
/** How many index entries rejected by the indexes alone cost as much as reading one document. */
const SKIP_COST = 16;

export type SqliteReadStoreOptions = {
  /** How many parsed documents the cache keeps (across collections); `DEFAULT_CACHED_DOCUMENTS` when absent. */
  readonly cachedDocuments?: number;
};
/** Parsed documents kept in memory by default: a few tens of MB of heap with the read models' sizes. */
export const DEFAULT_CACHED_DOCUMENTS = 10_000;
type RegisteredCube = { cube: CubeDefinition; cuboids: Cuboid[] };
/** An index lookup a read may take instead of a walk: the field, the condition it looks up (none for a union of several), and how many documents it lists. */
type Lookup = { readonly field: string; readonly size: number; readonly condition?: unknown };

/** Stages that never write into their input documents, so they can run on the cached objects. */
const READ_ONLY_STAGES = new Set(['$match', '$group', '$sort', '$limit', '$skip', '$count', '$sortByCount']);
const UNIQUE_INDEX_PREFIX = 'unique ';

/**
 * The embedded read store: documents as JSON in one SQLite file (WAL, `synchronous=NORMAL`), where
 * mingo evaluates MongoDB queries. Documents stay in the file; memory holds the indexes, a bounded
 * cache of parsed documents, and the cubes' cells.
 *
 * - Every declared index is kept in memory with its own keys: in order (`OrderedIndex`: per entry
 *   the id and the values it was indexed under, plus `_id` alone for every collection) and, for its
 *   first field, which ids hold each value (`FieldIndex`). They are built on a collection's first
 *   read that needs them, in one pass over its rows that keeps only keys, and then kept up by every
 *   commit from each document's version before and after it. A read walks an index to ids, tests
 *   what the indexes answer by id or on the walked keys, and only then reads the documents: from the
 *   cache (`DocumentCache`, least recently used out, `cachedDocuments` of them) or by primary key
 *   (then parsed). Reads by `_id` (`_id: x`, `_id: { $in }`) read those rows only and build no index;
 *   a read no index narrows, `visit`, `aggregate` and the sums of cubes stream the rows, a page
 *   per query. The cache holds documents written (a rebuild writes the same ones again and again),
 *   read by id and returned in a page; scans and walks pass through without taking room in it.
 * - Writes change the indexes at once and are recorded in the transaction's changes, which its
 *   own later reads see before the cache and the rows; the rows are saved at its end, and the
 *   documents go into the cache once it commits. A failed transaction moves each document changed
 *   back in the indexes (and the cube cells) and evicts it from the cache.
 * - `PRAGMA data_version` tells when another connection (a CLI rebuild) has written the file; the
 *   cache, indexes and cells are then dropped and rebuilt lazily. A `reset` drops a collection's too.
 * - Results are deep copies of the matching documents (only those returned, after filtering,
 *   sorting and paging). Freezing the cache would be cheaper, but mingo silently mis-evaluates
 *   nested-path projections and `$set`/`$unset` stages on frozen input, and mutates unfrozen input.
 * - Unique indexes are SQLite partial expression indexes over the JSON body, so a violation
 *   aborts the commit.
 * - Commits that arrive in the same turn of the event loop share one transaction (see `commit`).
 * - Cubes' cells live in memory only: they are a sum over the facts, which are stored, so they
 *   are added up from the facts when first read (after a start, or after another connection wrote
 *   the file) and then changed with every commit that changes a fact; until then (a rebuild, which
 *   never reads them) no commit spends anything on them. Storing them would write dozens of cells
 *   per event for nothing a restart could not recompute; MongoDB stores them. On close they are
 *   saved with the number of write transactions so far, and the next start reads them back instead
 *   of adding up every fact, when no write has been committed since and the code is the same.
 */
export class SqliteReadStore extends ReadStore {
  private readonly db: Database.Database;
  private readonly statements;
  /** Parsed documents of the stored collections, the most recently used ones (see `DocumentCache`). */
  private readonly cache: DocumentCache;
  /** Every cell of each cube cell collection added up so far (computed, never stored). */
  private readonly cells = new Map<string, Map<string, Document>>();
  /** The fields each collection is indexed on, and the indexes of the collections whose indexes are built (lazily, from the rows). */
  private readonly indexedFields = new Map<string, Set<string>>();
  private readonly fieldIndexes = new Map<string, FieldIndex[]>();
  /** The declared indexes of each collection (each also ordered by `_id`), and those of the collections whose indexes are built. */
  private readonly orderedKeys = new Map<string, Map<string, Record<string, 1 | -1>>>();
  private readonly orderedIndexes = new Map<string, OrderedIndex[]>();
  /** What the transaction under way has changed so far (its rows are saved at its end): reads inside it see these first. */
  private pending: Changes | null = null;
  private readonly cubesBySource = new Map<string, RegisteredCube[]>();
  /** Each cube cell collection's cube: these collections are computed, never stored. */
  private readonly cubeOfCells = new Map<string, RegisteredCube>();
  private dataVersion = -1;
  private closed = false;
  private pendingCommits: PendingCommit[] = [];

  constructor(file: string, options: SqliteReadStoreOptions = {}) {
    super();
    this.cache = new DocumentCache(options.cachedDocuments ?? DEFAULT_CACHED_DOCUMENTS);
    // Read models and checkpoints are derived from the log: after a power loss the last commits may
    // be rolled back together with their checkpoint, and are replayed (idempotently). So no fsync per commit.
    this.db = openSqliteDatabase(file, 'normal');
    // A document's earlier versions (a contact's old e-mail, its name before an erasure) would
    // otherwise linger in freed pages and cells of the file: they are zeroed when freed.
    this.db.pragma('secure_delete = ON');
    this.db.exec(SCHEMA);
    this.statements = {
      dataVersion: this.db.prepare<[], number>('PRAGMA data_version').pluck(),
      document: this.db.prepare<[string, string], string>('SELECT body FROM documents WHERE collection = ? AND id = ?').pluck(),
      count: this.db.prepare<[string], number>('SELECT COUNT(*) FROM documents WHERE collection = ?').pluck(),
      firstRows: this.db.prepare<[string, number], Row>('SELECT id, body FROM documents WHERE collection = ? ORDER BY id LIMIT ?'),
      nextRows: this.db.prepare<[string, string, number], Row>('SELECT id, body FROM documents WHERE collection = ? AND id > ? ORDER BY id LIMIT ?'),
      saveDocument: this.db.prepare<[string, string, string]>(
        `INSERT INTO documents (collection, id, body) VALUES (?, ?, ?)
         ON CONFLICT (collection, id) DO UPDATE SET body = excluded.body`,
      ),
      deleteDocument: this.db.prepare<[string, string]>('DELETE FROM documents WHERE collection = ? AND id = ?'),
      deleteCollection: this.db.prepare<[string]>('DELETE FROM documents WHERE collection = ?'),
      uniqueIndexes: this.db
        .prepare<[string], string>(
          `SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'documents' AND name LIKE ? || '%'`,
        )
        .pluck(),
      saveCheckpoint: this.db.prepare<[string, string, string]>(
        `INSERT INTO checkpoints (projection, position, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (projection) DO UPDATE SET position = excluded.position, updated_at = excluded.updated_at`,
      ),
      checkpoint: this.db.prepare<[string], string>('SELECT position FROM checkpoints WHERE projection = ?').pluck(),
      checkpoints: this.db.prepare<[], CheckpointRow>('SELECT * FROM checkpoints ORDER BY projection'),
      deleteCheckpoint: this.db.prepare<[string]>('DELETE FROM checkpoints WHERE projection = ?'),
      park: this.db.prepare<[string, string, string, number, string, string, string, number, string]>(
        `INSERT INTO parked (projection, event_id, stream_name, revision, type, position, error, attempts, parked_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (projection, event_id) DO UPDATE SET
           stream_name = excluded.stream_name, revision = excluded.revision, type = excluded.type,
           position = excluded.position, error = excluded.error, attempts = excluded.attempts,
           parked_at = excluded.parked_at`,
      ),
      parked: this.db.prepare<[], ParkedRow>('SELECT * FROM parked ORDER BY parked_at, seq'),
      parkedOf: this.db.prepare<[string], ParkedRow>(
        'SELECT * FROM parked WHERE projection = ? ORDER BY parked_at, seq',
      ),
      deleteParked: this.db.prepare<[string]>('DELETE FROM parked WHERE projection = ?'),
      unpark: this.db.prepare<[string, string]>('DELETE FROM parked WHERE projection = ? AND event_id = ?'),
      countWrite: this.db.prepare('INSERT INTO write_count (id, n) VALUES (1, 1) ON CONFLICT (id) DO UPDATE SET n = n + 1'),
      writeCount: this.db.prepare<[], number>('SELECT n FROM write_count WHERE id = 1').pluck(),
      cubeSnapshot: this.db.prepare<[string], CubeSnapshotRow>('SELECT fingerprint, write_count, checkpoints, cells FROM cube_snapshots WHERE cube = ?'),
      saveCubeSnapshot: this.db.prepare<[string, string, number, string, string]>(
        `INSERT INTO cube_snapshots (cube, fingerprint, write_count, checkpoints, cells) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (cube) DO UPDATE SET fingerprint = excluded.fingerprint, write_count = excluded.write_count,
           checkpoints = excluded.checkpoints, cells = excluded.cells`,
      ),
    };
    this.dataVersion = this.statements.dataVersion.get() ?? -1;
  }

  async find<T extends Document = Document>(
    collection: string,
    filter: Filter = {},
    options: FindOptions = {},
  ): Promise<T[]> {
    const { sort, skip = 0, limit = 0, projection } = options;
    this.refresh();
    const planned = this.plan(collection, filter, options);
    const wanted = limit > 0 ? skip + limit : Infinity;
    // A walk that reads more than the lookup would (the filter's matches lie far along the sort) gives way to it.
    const walked = planned.walk ? this.walked(collection, planned.walk, filter, sort && !planned.walk.ordered ? Infinity : wanted, planned.walk.ordered && planned.lookup ? planned.lookup.size + 64 : Infinity) : null;
    const walk = walked ? planned.walk : null;
    readStoreFinds.inc({ collection, plan: walk ? 'walk' : planned.plan.kind === 'walk' ? 'lookup' : planned.plan.kind });
    const found = walked ?? (planned.lookup?.condition !== undefined ? this.lookedUp(collection, planned.lookup, filter) : this.select(collection, filter, !sort && limit > 0 ? skip + limit : Infinity));
    const fast = sort && limit > 0 && !walk?.ordered ? topK(found, sort, skip + limit) : null;
    const ordered = fast ?? (sort && !walk?.ordered ? new Aggregator([{ $sort: sort }]).run(found) : found);
    const page = this.remembered(collection, ordered.slice(skip, limit > 0 ? skip + limit : undefined)).map(cloneJson);
    return (projection ? new Query({}).find<Document>(page, projection).all() : page) as T[];
  }

  async explain(collection: string, filter: Filter = {}, options: FindOptions = {}): Promise<QueryPlan> {
    this.refresh();
    return this.plan(collection, filter, options).plan;
  }

  async visit(collection: string, filter: Filter, visit: (document: Readonly<Document>) => void): Promise<void> {
    this.refresh();
    for (const document of this.matching(collection, filter)) visit(document);
  }

  async findOne<T extends Document = Document>(collection: string, filter: Filter): Promise<T | null> {
    this.refresh();
    const [found] = this.remembered(collection, this.select(collection, filter, 1));
    return found ? (cloneJson(found) as T) : null;
  }

  /** Counted from the indexes when they answer the whole filter, else from the documents that match. */
  async count(collection: string, filter: Filter = {}): Promise<number> {
    this.refresh();
    if (Object.keys(filter).length === 0) {
      return this.cubeOfCells.has(collection) || this.fieldIndexes.has(collection) ? this.sizeOf(collection) : (this.statements.count.get(collection) ?? 0);
    }
    const { ids, exact, listed } = this.candidateIds(collection, filter);
    if (ids !== null && exact && listed) return ids.length;
    let n = 0;
    const documents = this.matching(collection, filter);
    while (!documents.next().done) n += 1;
    return n;
  }

  /**
   * The leading read-only stages run on the documents as read (shared with the cache); their
   * output is copied before any further stage, which may write into its input. The input is
   * streamed: the rows of the collection, or the documents the indexes list for a leading `$match`.
   */
  async aggregate<T = Record<string, unknown>>(collection: string, pipeline: Pipeline): Promise<T[]> {
    this.refresh();
    const [first] = pipeline;
    const input = first && '$match' in first ? this.candidates(collection, first.$match as Filter).documents : this.rows(collection);
    const grouped = runLeadingGroup(input, pipeline, (filter) => {
      const query = new Query(filter);
      return (row) => query.test(row);
    });
    if (grouped) {
      const options = { collectionResolver: (name: string) => [...this.rows(name)].map(cloneJson) };
      return (grouped.rest.length === 0 ? grouped.groups : new Aggregator([...grouped.rest], options).run(grouped.groups)) as T[];
    }
    const stages = [...pipeline];
    const split = stages.findIndex((stage) => !isReadOnlyStage(stage));
    const head = split === -1 ? stages : stages.slice(0, split);
    const options = { collectionResolver: (name: string) => [...this.rows(name)].map(cloneJson) };
    const output = new Aggregator(head, options).run(input).map(cloneJson);
    return (split === -1 ? output : new Aggregator(stages.slice(split), options).run(output)) as T[];
  }

  async ensureIndexes(collection: string, indexes: readonly IndexSpec[]): Promise<void> {
    for (const index of indexes) {
      const fields = Object.keys(index.fields);
      // A sort's index (a field, then `_id`) is walked in order; its field needs no lookup by value besides.
      const sortOnly = fields.length === 2 && fields[1] === '_id' && !this.cubeOfCells.has(collection);
      if (!sortOnly) this.indexField(collection, fields[0]);
      if (!this.cubeOfCells.has(collection)) this.indexOrdered(collection, index.fields);
      if (!index.unique) continue;
      const name = quoteIdentifier(`${UNIQUE_INDEX_PREFIX}${JSON.stringify([collection, index.fields])}`);
      const keys = Object.keys(index.fields).map((field) => `json_extract(body, ${quoteString(jsonPath(field))})`);
      this.db.exec(
        `CREATE UNIQUE INDEX IF NOT EXISTS ${name} ON documents (${keys.join(', ')}) WHERE collection = ${quoteString(collection)}`,
      );
    }
  }

  async registerCubes(cubes: readonly CubeDefinition[]): Promise<void> {
    for (const cube of cubes) {
      const registered = this.cubesBySource.get(cube.source) ?? [];
      if (registered.some((known) => known.cube.name === cube.name)) continue;
      const entry = { cube, cuboids: cuboidsOf(cube) };
      this.cubesBySource.set(cube.source, [...registered, entry]);
      for (const cuboid of entry.cuboids) {
        this.cubeOfCells.set(cuboid.collection, entry);
        // Cells are computed: an index built while the collection was not known as a cube's (a reset before the cubes are registered) would list none.
        this.cells.delete(cuboid.collection);
        this.fieldIndexes.delete(cuboid.collection);
        this.orderedIndexes.delete(cuboid.collection);
        this.orderedKeys.delete(cuboid.collection);
      }
      for (const [collection, indexes] of Object.entries(cubeIndexes(cube))) await this.ensureIndexes(collection, indexes);
    }
  }

  /**
   * Commits that arrive in the same turn of the event loop (the projections' workers after one
   * burst of events) share one transaction: a transaction's fixed cost, not the writes, was the
   * larger part of projecting under load. If the shared transaction fails, each commit is retried
   * alone, so one projection's refused write fails only its own commit.
   */
  commit(projection: string, writes: readonly ReadModelWrite[], checkpoint: Position): Promise<void> {
    return this.enqueue({ projection, checkpoint }, writes);
  }

  record(writes: readonly ReadModelWrite[]): Promise<void> {
    return this.enqueue(null, writes);
  }

  private enqueue(checkpoint: PendingCommit['checkpoint'], writes: readonly ReadModelWrite[]): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pendingCommits.push({ checkpoint, writes, resolve, reject });
      if (this.pendingCommits.length === 1) setImmediate(() => this.flushCommits());
    });
  }

  private flushCommits(): void {
    const batch = this.pendingCommits;
    this.pendingCommits = [];
    if (batch.length === 0) return;
    if (batch.length > 1) {
      const changes = noChanges();
      try {
        this.inTransaction(changes, batch);
        for (const request of batch) request.resolve();
        return;
      } catch {
        this.rollBack(changes);
      }
    }
    for (const request of batch) {
      const changes = noChanges();
      try {
        this.inTransaction(changes, [request]);
        request.resolve();
      } catch (error) {
        this.rollBack(changes);
        request.reject(duplicateKeyError(error) ?? error);
      }
    }
  }

  /**
   * Puts the indexes (and a cube's cells) back as they were before a failed transaction: each
   * document changed goes from its last version back to its first. The cache never held the
   * transaction's versions (only rows as committed), but forgets these documents all the same.
   */
  private rollBack(changes: Changes): void {
    for (const { collection, id, before, after } of changes.documents.values()) {
      const cells = this.cells.get(collection);
      if (cells) {
        if (before) cells.set(id, before);
        else cells.delete(id);
      } else this.cache.delete(collection, id);
      this.reindex(collection, after, before);
    }
  }

  /**
   * Runs commits in one write transaction. Writes change the indexes (and cube cells) at once and
   * the overlay of changes that reads inside the transaction see first; the rows are saved at the
   * end; once committed, every document written is in the cache (a rebuild writes the same
   * documents again and again).
   */
  private inTransaction(changes: Changes, commits: readonly PendingCommit[]): void {
    this.pending = changes;
    try {
      this.commitTransaction(changes, commits);
    } finally {
      this.pending = null;
    }
    for (const { collection, id, after } of changes.documents.values()) {
      if (!this.cubeOfCells.has(collection)) this.cache.set(collection, id, after ?? null);
    }
  }

  private commitTransaction(changes: Changes, commits: readonly PendingCommit[]): void {
    this.db
      .transaction(() => {
        this.refresh();
        this.statements.countWrite.run();
        const now = new Date().toISOString();
        for (const { writes, checkpoint } of commits) {
          for (const write of writes) this.apply(write, changes);
          if (checkpoint !== null) this.statements.saveCheckpoint.run(checkpoint.projection, formatPosition(checkpoint.checkpoint), now);
        }
        for (const [collection, cells] of changes.cells) {
          const documents = this.cells.get(collection);
          if (!documents) continue;
          for (const [id, delta] of cells) this.stage(changes, collection, id, applyCubeDelta(documents.get(id) as CubeCell | undefined, id, delta));
        }
        for (const change of changes.documents.values()) this.save(change);
      })
      .immediate();
  }

  async readCheckpoint(projection: string): Promise<Position | null> {
    const position = this.statements.checkpoint.get(projection);
    return position === undefined ? null : parsePosition(position);
  }

  async listCheckpoints(): Promise<CheckpointRecord[]> {
    return this.statements.checkpoints
      .all()
      .map((row) => ({ projection: row.projection, position: parsePosition(row.position), updatedAt: row.updated_at }));
  }

  async park(event: ParkedEvent): Promise<void> {
    this.statements.park.run(
      event.projection,
      event.eventId,
      event.streamName,
      event.revision,
      event.type,
      formatPosition(event.position),
      event.error,
      event.attempts,
      event.parkedAt,
    );
  }

  async unpark(projection: string, eventId: string): Promise<void> {
    this.statements.unpark.run(projection, eventId);
  }

  async listParked(projection?: string): Promise<ParkedEvent[]> {
    const rows = projection === undefined ? this.statements.parked.all() : this.statements.parkedOf.all(projection);
    return rows.map(toParkedEvent);
  }

  override async describeServer(): Promise<ReadStoreDescription> {
    const version = this.db.prepare<[], string>('SELECT sqlite_version()').pluck().get();
    return { store: 'embedded', version: `SQLite ${version ?? '?'}`, transactions: true, keepsIndexes: 'unique', location: this.db.name };
  }

  /** The unique indexes in the file (the others live in memory, built from the declarations by each process). */
  override async listIndexes(collection: string): Promise<readonly IndexSpec[]> {
    return this.statements.uniqueIndexes
      .all(UNIQUE_INDEX_PREFIX)
      .map((name) => JSON.parse(name.slice(UNIQUE_INDEX_PREFIX.length)) as [string, Record<string, 1 | -1>])
      .filter(([indexed]) => indexed === collection)
      .map(([, fields]) => ({ fields, unique: true }));
  }

  async reset(projection: string, collections: readonly string[]): Promise<void> {
    this.db
      .transaction(() => {
        this.refresh();
        for (const collection of collections) {
          this.statements.deleteCollection.run(collection);
          for (const name of this.statements.uniqueIndexes.all(UNIQUE_INDEX_PREFIX)) {
            const [indexed] = JSON.parse(name.slice(UNIQUE_INDEX_PREFIX.length)) as [string];
            if (indexed === collection) this.db.exec(`DROP INDEX ${quoteIdentifier(name)}`);
          }
        }
        this.statements.deleteCheckpoint.run(projection);
        this.statements.deleteParked.run(projection);
        this.statements.countWrite.run();
      })
      .immediate();
    // Their indexes are built again from the rows when next read: a rebuild that only writes spends nothing on them.
    for (const collection of collections) {
      this.cells.delete(collection);
      this.cache.dropCollection(collection);
      this.fieldIndexes.delete(collection);
      this.orderedIndexes.delete(collection);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.flushCommits();
    this.closed = true;
    this.saveCubeSnapshots();
    this.cells.clear();
    this.cache.clear();
    this.db.close();
  }

  /** Drops what memory holds (cache, indexes, cube cells) when another connection has committed to the file since we last looked. */
  private refresh(): void {
    const version = this.statements.dataVersion.get() ?? -1;
    if (version === this.dataVersion) return;
    this.dataVersion = version;
    this.cache.clear();
    this.cells.clear();
    this.fieldIndexes.clear();
    this.orderedIndexes.clear();
  }

  /**
   * A document as it stands (inside a transaction, as the transaction has it so far): a cube cell
   * from memory; else from the transaction's changes, the cache, or its row (then cached, unless
   * `remember` is false: a read passing through many documents leaves the cache to the ones in use).
   */
  private document(collection: string, id: string, remember = true): Document | undefined {
    if (this.cubeOfCells.has(collection)) return this.cellsOf(collection).get(id);
    const change = this.pending?.documents.get(changeKey(collection, id));
    if (change) return change.after;
    const cached = remember ? this.cache.get(collection, id) : this.cache.peek(collection, id);
    if (cached !== undefined) return cached ?? undefined;
    const body = this.statements.document.get(collection, id);
    const document = body === undefined ? undefined : (JSON.parse(body) as Document);
    if (remember) this.cache.set(collection, id, document ?? null);
    return document;
  }

  /** Puts the documents a read answers with in the cache (the next read of the same page finds them there). */
  private remembered(collection: string, documents: Document[]): Document[] {
    if (!this.cubeOfCells.has(collection)) for (const document of documents) this.cache.set(collection, document._id, document);
    return documents;
  }

  /** Every document of a collection, as `document` would give each; each iteration reads them anew. */
  private rows(collection: string): Iterable<Document> {
    return { [Symbol.iterator]: () => this.scan(collection) };
  }

  /**
   * The rows of a collection in `_id` order, a page of rows per query (no statement stays open
   * between pages, so a caller may stop at any point, read or write meanwhile); inside a
   * transaction, with its changes in place of the rows they change, and its new documents last.
   */
  private *scan(collection: string): Generator<Document> {
    if (this.cubeOfCells.has(collection)) {
      yield* [...this.cellsOf(collection).values()];
      return;
    }
    const changed = new Map<string, Change>();
    for (const change of this.pending?.documents.values() ?? []) if (change.collection === collection) changed.set(change.id, change);
    let rows = this.statements.firstRows.all(collection, SCAN_PAGE);
    while (rows.length > 0) {
      for (const { id, body } of rows) {
        const change = changed.get(id);
        if (change) {
          if (change.after) yield change.after;
          continue;
        }
        yield this.cache.peek(collection, id) ?? (JSON.parse(body) as Document);
      }
      rows = rows.length < SCAN_PAGE ? [] : this.statements.nextRows.all(collection, rows[rows.length - 1].id, SCAN_PAGE);
    }
    // A change's `before` is the row as committed: none means the transaction added the document.
    for (const change of changed.values()) if (change.before === undefined && change.after) yield change.after;
  }

  /** The cells of a cube cell collection: added up (or read from the snapshot) on first use. */
  private cellsOf(collection: string): Map<string, Document> {
    const cells = this.cells.get(collection);
    if (cells) return cells;
    const cube = this.cubeOfCells.get(collection)!;
    return (this.snapshotCells(cube) ?? this.addUpCells(cube)).get(collection)!;
  }

  /** Keeps a cube's cells in memory, with their field indexes. */
  private cached(collection: string, cells: Map<string, Document>): void {
    this.cells.set(collection, cells);
    const indexes = this.emptyFieldIndexes(collection);
    for (const index of indexes) for (const cell of cells.values()) index.add(cell);
    this.fieldIndexes.set(collection, indexes);
  }

  /** A new, empty index of each field the collection is indexed on. */
  private emptyFieldIndexes(collection: string): FieldIndex[] {
    return [...(this.indexedFields.get(collection) ?? [])].map((field) => new FieldIndex(field));
  }

  /** A collection's field indexes, built (with its ordered indexes) on first use from one pass over its rows. */
  private indexesOf(collection: string): FieldIndex[] {
    if (this.cubeOfCells.has(collection)) this.cellsOf(collection);
    let fields = this.fieldIndexes.get(collection);
    if (!fields) {
      fields = this.emptyFieldIndexes(collection);
      const ordered = [{ _id: 1 as const }, ...(this.orderedKeys.get(collection)?.values() ?? [])].map((keys) => new OrderedIndex(keys));
      this.fill(collection, fields, ordered);
      this.fieldIndexes.set(collection, fields);
      this.orderedIndexes.set(collection, ordered);
    }
    return fields;
  }

  /**
   * Fills empty indexes from one pass over a collection's rows, keeping only keys: each document's
   * id and its values of the ordered indexes' fields, then one sort per ordered index.
   */
  private fill(collection: string, fields: readonly FieldIndex[], ordered: readonly OrderedIndex[]): void {
    const ids: string[] = [];
    const columns = new Map<string, unknown[]>([...new Set(ordered.flatMap((index) => index.fields))].map((field) => [field, []]));
    for (const document of this.rows(collection)) {
      for (const index of fields) index.add(document);
      ids.push(document._id);
      for (const [field, values] of columns) values.push(document[field]);
    }
    for (const index of ordered) index.load(ids, (field) => columns.get(field)!);
  }

  /** How many documents a collection holds (its indexes built). */
  private sizeOf(collection: string): number {
    if (this.cubeOfCells.has(collection)) return this.cellsOf(collection).size;
    this.indexesOf(collection);
    return this.orderedIndexes.get(collection)![0].size;
  }

  /** Keeps a declared index of a collection in order from now on (once its indexes are built, at once). */
  private indexOrdered(collection: string, fields: Record<string, 1 | -1>): void {
    if (Object.keys(fields).some((field) => field.includes('.')) || (Object.keys(fields).length === 1 && '_id' in fields)) return;
    const declared = this.orderedKeys.get(collection) ?? new Map<string, Record<string, 1 | -1>>();
    const name = JSON.stringify(fields);
    if (declared.has(name)) return;
    this.orderedKeys.set(collection, declared.set(name, { ...fields }));
    const built = this.orderedIndexes.get(collection);
    if (!built) return;
    const index = new OrderedIndex(fields);
    this.fill(collection, [], [index]);
    this.orderedIndexes.set(collection, [...built, index]);
  }

  /**
   * How a read is answered: by walking an ordered index (in the sort's order, stopping at the page,
   * or through the span its conditions allow), by the documents an equality index lists, or by
   * reading the whole collection, whichever reads the fewest documents by the indexes' counts.
   */
  private plan(collection: string, filter: Filter, { sort, skip = 0, limit = 0 }: FindOptions): { walk: Walk | null; lookup: Lookup | null; plan: QueryPlan } {
    const named = namedIds(filter);
    // Documents named by id are read by id: no index is built for them.
    if (named) return { walk: null, lookup: { field: '_id', size: named.length }, plan: { index: '_id', kind: 'lookup', ordered: false, scanned: false } };
    this.indexesOf(collection);
    const documents = { size: this.sizeOf(collection) };
    const conjuncts = conjunctsOf(filter);
    const page = limit > 0 ? skip + limit : Infinity;
    const sorted = sort !== undefined && Object.keys(sort).length > 0;
    const walks = (this.orderedIndexes.get(collection) ?? []).flatMap((index) => {
      const walk = walkOf(index, conjuncts, sorted ? sort : undefined);
      return walk ? [{ walk, span: index.count(walk.span.low, walk.span.high) }] : [];
    });
    const lookup = this.bestFieldIndex(collection, conjuncts);
    const matches = Math.min(documents.size, lookup?.size ?? Infinity, ...walks.map(({ walk, span }) => (walk.ordered && !walk.exact ? Infinity : span)));
    // Documents read, plus a sort's share when the index does not give the order.
    const sortCost = (n: number): number => (sorted ? n * 0.2 : 0);
    // A scan costs a little more than an index that reads as many documents (a tie on a small collection).
    let best: { cost: number; walk: Walk | null; plan: QueryPlan } = {
      cost: documents.size + sortCost(documents.size) + 0.5,
      walk: null,
      plan: { index: null, kind: 'scan', ordered: false, scanned: true },
    };
    if (lookup && lookup.size + sortCost(lookup.size) < best.cost) {
      best = { cost: lookup.size + sortCost(lookup.size), walk: null, plan: { index: lookup.field, kind: 'lookup', ordered: false, scanned: false } };
    }
    for (const { walk, span } of walks) {
      const stops = walk.ordered || !sorted;
      const read = stops && page !== Infinity ? Math.min(span, walk.exact ? page : Math.ceil((page * span) / Math.max(1, matches))) : span;
      // Entries the indexes alone reject are passed over without reading their documents.
      const cost = (stops && page !== Infinity && this.checkedWithoutDocuments(collection, walk, conjuncts) ? Math.min(read, page) + read / SKIP_COST : read) + (walk.ordered ? 0 : sortCost(read));
      if (cost < best.cost || (cost === best.cost && walk.ordered && !best.plan.ordered)) {
        best = { cost, walk, plan: { index: walk.index.name, kind: 'walk', ordered: walk.ordered && sorted, scanned: false } };
      }
    }
    return { walk: best.walk, lookup, plan: best.plan };
  }

  /**
   * The equality index that lists the fewest documents for a filter's conditions, with that count;
   * an `$or` whose every branch an index answers (a search over several fields) counts as the sum of its branches.
   */
  private bestFieldIndex(collection: string, conjuncts: ReturnType<typeof conjunctsOf>): Lookup | null {
    const indexes = this.fieldIndexes.get(collection) ?? [];
    const bestOf = (part: ReturnType<typeof conjunctsOf>): Lookup | null => {
      const named = part.fields.size === 1 && part.ors.length === 0 ? namedIds({ _id: part.fields.get('_id')?.[0] }) : null;
      let best: Lookup | null = named ? { field: '_id', size: named.length } : null;
      for (const index of indexes) {
        for (const condition of part.fields.get(index.field) ?? []) {
          const size = index.estimate({ [index.field]: condition });
          if (size !== null && (best === null || size < best.size)) best = { field: index.field, size, condition };
        }
      }
      return best;
    };
    let best = bestOf(conjuncts);
    for (const branches of conjuncts.ors) {
      const found = branches.map((branch) => bestOf(conjunctsOf(branch)));
      if (found.some((branch) => branch === null)) continue;
      const union = { field: [...new Set(found.map((branch) => branch!.field))].join('|'), size: found.reduce((sum, branch) => sum + branch!.size, 0) };
      if (best === null || union.size < best.size) best = union;
    }
    return best;
  }

  /**
   * Whether a walk's entries can be told apart without reading their documents: every condition of
   * the filter is on the walked index's keys, or on fields whose indexes answer it by id.
   */
  private checkedWithoutDocuments(collection: string, walk: Walk, conjuncts: ReturnType<typeof conjunctsOf>): boolean {
    if (conjuncts.other) return false;
    if (conjuncts.ors.length === 0) {
      const indexes = this.indexesOf(collection);
      const answered = [...conjuncts.fields].every(([field, conditions]) => indexes.some((index) => index.field === field && conditions.every((condition) => index.answers({ [field]: condition }))));
      if (answered) return true;
    }
    const fields = fieldsOf({ $and: [Object.fromEntries(conjuncts.fields), ...conjuncts.ors.map(($or) => ({ $or }))] });
    return fields !== null && walk.index.holdsFields(fields);
  }

  /**
   * Up to `max` documents of a walk that match the filter, in the walk's order; null when it read
   * `budget` documents before. An entry is first checked against what the field indexes answer,
   * then against the whole filter on the index's own keys when the filter reads no other field;
   * only then is its document read (from the cache or its row). Entries rejected so cost no
   * document and no budget: at worst the walk passes over the whole index (a set lookup or a
   * comparison each), which costs less than reading the lookup's documents.
   */
  private walked(collection: string, walk: Walk, filter: Filter, max: number, budget: number): Document[] | null {
    const matches = this.matcher(filter);
    const fields = matches === null ? null : fieldsOf(filter);
    const onKeys = fields !== null && walk.index.holdsFields(fields);
    const checks = matches === null || onKeys ? [] : this.idChecks(collection, conjunctsOf(filter));
    const found: Document[] = [];
    let read = 0;
    walk.index.walk(walk.span.low, walk.span.high, walk.backward, (id, keys) => {
      if (checks.every((check) => check(id)) && (!onKeys || matches!(keys()))) {
        read += 1;
        const document = this.document(collection, id, false);
        if (document && (onKeys || matches === null || matches(document))) found.push(document);
      }
      return found.length < max && read < budget;
    });
    return found.length < max && read >= budget ? null : found;
  }

  /** The documents an equality index lists for one condition that match the whole filter. */
  private lookedUp(collection: string, lookup: Lookup, filter: Filter): Document[] {
    const index = this.indexesOf(collection).find((candidate) => candidate.field === lookup.field)!;
    const ids = index.candidates({ [lookup.field]: lookup.condition }) ?? [];
    const checks = this.idChecks(collection, conjunctsOf(filter));
    const matches = this.matcher(filter);
    const found: Document[] = [];
    for (const id of Array.isArray(ids) ? new Set(ids) : ids) {
      if (!checks.every((check) => check(id))) continue;
      const document = this.document(collection, id, false);
      if (document && (matches === null || matches(document))) found.push(document);
    }
    return found;
  }

  /**
   * Tests of an id for the filter's conditions on indexed fields that every match must meet (its
   * top-level conditions and those of its `$and`s), answered from the field indexes: a document
   * failing one is never read.
   */
  private idChecks(collection: string, conjuncts: ReturnType<typeof conjunctsOf>): ((id: string) => boolean)[] {
    const checks: ((id: string) => boolean)[] = [];
    for (const index of this.indexesOf(collection)) {
      for (const condition of conjuncts.fields.get(index.field) ?? []) {
        const check = index.holds({ [index.field]: condition });
        if (check) checks.push(check);
      }
    }
    return checks;
  }

  private matcher(filter: Filter): ((document: Readonly<Document>) => boolean) | null {
    if (Object.keys(filter).length === 0) return null;
    const query = new Query(filter);
    return filterPredicate(filter, (document) => query.test(document));
  }

  /** A cube's cells, added up from its facts as they stand (read outside any commit). */
  private addUpCells({ cube, cuboids }: RegisteredCube): Map<string, Map<string, Document>> {
    const all = addUpCells(cube, cuboids, this.rows(cube.source));
    for (const [collection, cells] of all) this.cached(collection, cells);
    return all;
  }

  /**
   * A cube's cells as saved when this file was last closed, if no write has been committed to it
   * since (neither counted nor moving a checkpoint) and the cube and the code are the same: the next start reads them instead of adding up
   * every fact again.
   */
  private snapshotCells({ cube, cuboids }: RegisteredCube): Map<string, Map<string, Document>> | null {
    const saved = this.db.transaction(() => {
      const row = this.statements.cubeSnapshot.get(cube.name);
      return row && row.write_count === (this.statements.writeCount.get() ?? 0) && row.checkpoints === this.checkpointsText() ? row : null;
    })();
    if (!saved || saved.fingerprint !== cubeFingerprint(cube)) return null;
    const stored = JSON.parse(saved.cells) as Record<string, Document[]>;
    const all = new Map<string, Map<string, Document>>();
    for (const { collection } of cuboids) {
      const cells = new Map((stored[collection] ?? []).map((cell) => [cell._id, cell]));
      all.set(collection, cells);
      this.cached(collection, cells);
    }
    return all;
  }

  /**
   * Every checkpoint with when it was stored: a commit by a version of this store that does not
   * count writes (an older one) still moves a checkpoint, so saved cells are not read back after it.
   */
  private checkpointsText(): string {
    return JSON.stringify(this.statements.checkpoints.all());
  }

  /** Saves the cells of every cube added up in memory, for the next start (see `snapshotCells`); a snapshot is optional, so a failure only logs. */
  private saveCubeSnapshots(): void {
    const added = (): RegisteredCube[] => [...this.cubesBySource.values()].flat().filter(({ cuboids }) => cuboids.every(({ collection }) => this.cells.has(collection)));
    // No write lock for a store that never added a cube up (a CLI command beside a running API).
    if (this.db.memory || added().length === 0) return;
    try {
      this.db
        .transaction(() => {
          this.refresh();
          const cubes = added();
          const writeCount = this.statements.writeCount.get() ?? 0;
          const checkpoints = this.checkpointsText();
          for (const { cube, cuboids } of cubes) {
            const cells = Object.fromEntries(cuboids.map(({ collection }) => [collection, [...this.cells.get(collection)!.values()]]));
            this.statements.saveCubeSnapshot.run(cube.name, cubeFingerprint(cube), writeCount, checkpoints, JSON.stringify(cells));
          }
        })
        .immediate();
    } catch (error) {
      new Logger('SqliteReadStore').warn(`cube cells not saved for the next start: ${String(error)}`);
    }
  }

  /** Indexes a field of a collection from now on (once its indexes are built, at once). */
  private indexField(collection: string, field: string): void {
    const fields = this.indexedFields.get(collection) ?? new Set<string>();
    if (fields.has(field)) return;
    this.indexedFields.set(collection, fields.add(field));
    const built = this.fieldIndexes.get(collection);
    if (!built) return;
    const index = new FieldIndex(field);
    this.fill(collection, [index], []);
    this.fieldIndexes.set(collection, [...built, index]);
  }

  /** Moves a document in the indexes of its collection from one version to another (nothing until they are built). */
  private reindex(collection: string, previous: Document | undefined, next: Document | undefined): void {
    const fields = this.fieldIndexes.get(collection);
    if (!fields) return;
    const indexes = [...fields, ...(this.orderedIndexes.get(collection) ?? [])];
    // Most changes leave the indexed fields as they were (a cube cell's totals, a view's stage).
    const moved = indexes.filter((index) => !previous || !next || !index.holdsSame(previous, next));
    if (previous) for (const index of moved) index.remove(previous);
    if (next) for (const index of moved) index.add(next);
  }

  /**
   * Records a change in the transaction (later reads and writes of the commit see it) and moves the
   * document in the indexes at once; the rows are saved at the end. A cube cell changes in memory
   * at once. A change to a cube's fact adds what it changes in the cube's cells to the transaction's deltas.
   */
  private stage(changes: Changes, collection: string, id: string, after: Document | undefined): void {
    const key = changeKey(collection, id);
    const change = changes.documents.get(key);
    const before = change ? change.after : this.document(collection, id);
    if (change) change.after = after;
    else changes.documents.set(key, { collection, id, before, after });
    for (const { cube, cuboids } of this.cubesBySource.get(collection) ?? []) {
      // Cells not added up yet will be, from the facts as committed, when first read: a rebuild never reads them.
      if (this.cells.has(cuboids[0].collection)) addCubeDelta(cube, cuboids, before, after, changes.cells);
    }
    const cells = this.cells.get(collection);
    if (cells) {
      if (after) cells.set(id, after);
      else cells.delete(id);
    }
    this.reindex(collection, before, after);
  }

  /**
   * The documents a filter may match, and whether they all do: those the most selective index lists
   * for it, checked against the other conditions indexes can answer; only a condition no index
   * answers (a regex, a nested field) still goes through mingo. A filter of `$and` parts (a page
   * after a cursor) or of `$or` branches (a search over several fields) is narrowed by its most
   * selective part, or by the union of its branches, and then checked whole by mingo. Documents
   * are read as they are iterated, without taking room in the cache.
   */
  private candidates(collection: string, filter: Filter): { documents: Iterable<Document>; exact: boolean } {
    const { ids, exact } = this.candidateIds(collection, filter);
    return { documents: ids === null ? this.rows(collection) : this.read(collection, ids), exact };
  }

  /** The documents of ids that exist, read as iterated. */
  private *read(collection: string, ids: Iterable<string>): Generator<Document> {
    for (const id of ids) {
      const document = this.document(collection, id, false);
      if (document) yield document;
    }
  }

  /**
   * The ids of the documents a filter may match (null: every document), whether they all match,
   * and whether each of them exists (listed by an index, not named by the filter).
   */
  private candidateIds(collection: string, filter: Filter): { ids: string[] | null; exact: boolean; listed: boolean } {
    if (!('$and' in filter) && !('$or' in filter)) {
      return this.fieldCandidates(collection, filter) ?? { ids: null, exact: Object.keys(filter).length === 0, listed: true };
    }
    const narrowed = this.narrowed(collection, filter);
    return { ids: narrowed?.ids ?? null, exact: false, listed: narrowed?.listed ?? true };
  }

  /** A superset of the ids a filter matches, as small as its indexes make it, or null when none narrows it. */
  private narrowed(collection: string, filter: Filter): { ids: string[]; listed: boolean } | null {
    const { $and, $or, ...fields } = filter;
    const options: { ids: string[]; listed: boolean }[] = [];
    if (Object.keys(fields).length > 0) {
      const found = this.fieldCandidates(collection, fields);
      if (found) options.push(found);
    }
    if (Array.isArray($and)) {
      for (const part of $and as Filter[]) {
        const found = this.narrowed(collection, part);
        if (found) options.push(found);
      }
    }
    if (Array.isArray($or)) {
      const branches = ($or as Filter[]).map((branch) => this.narrowed(collection, branch));
      if (branches.every((found) => found !== null)) {
        options.push({ ids: [...new Set(branches.flatMap((found) => found!.ids))], listed: branches.every((found) => found!.listed) });
      }
    }
    return options.reduce<{ ids: string[]; listed: boolean } | null>((best, found) => (best === null || found.ids.length < best.ids.length ? found : best), null);
  }

  /** The ids the indexes list for a filter of plain field conditions, or null when no index narrows it. */
  private fieldCandidates(collection: string, filter: Filter): { ids: string[]; exact: boolean; listed: boolean } | null {
    const keys = Object.keys(filter);
    const named = namedIds(filter);
    if (named) return { ids: [...new Set(named)], exact: keys.length === 1, listed: false };
    let best: { size: number; index: FieldIndex } | null = null;
    const usable: FieldIndex[] = [];
    for (const index of this.indexesOf(collection)) {
      const size = index.estimate(filter);
      if (size === null) continue;
      usable.push(index);
      if (best === null || size < best.size) best = { size, index };
    }
    if (best === null) return null;
    const chosen = best.index;
    const ids = chosen.candidates(filter)!;
    const checks = usable.filter((index) => index !== chosen).map((index) => index.holds(filter)!);
    const covered = new Set(usable.map((index) => index.field));
    const found: string[] = [];
    for (const id of Array.isArray(ids) ? new Set(ids) : ids) if (checks.every((check) => check(id))) found.push(id);
    return { ids: found, exact: keys.every((key) => covered.has(key)), listed: true };
  }

  /** The documents that match a filter, read as iterated. */
  private *matching(collection: string, filter: Filter): Generator<Document> {
    const { documents, exact } = this.candidates(collection, filter);
    const query = exact ? null : new Query(filter);
    for (const document of documents) if (query === null || query.test(document)) yield document;
  }

  /** Up to `max` matching documents. */
  private select(collection: string, filter: Filter, max: number): Document[] {
    const found: Document[] = [];
    if (max <= 0) return found;
    for (const document of this.matching(collection, filter)) {
      found.push(document);
      if (found.length >= max) break;
    }
    return found;
  }

  /** Documents hold JSON values only (see `toJson`), so the cached one is what a reload would read. */
  private save({ collection, id, after }: Change): void {
    if (this.cubeOfCells.has(collection)) return;
    if (after) this.statements.saveDocument.run(collection, id, JSON.stringify(after));
    else this.statements.deleteDocument.run(collection, id);
  }

  private apply(write: ReadModelWrite, changes: Changes): void {
    switch (write.op) {
      case 'upsert': {
        const joined = copiesOf(write).map((copy) => this.document(copy.from, copy.id));
        const next = upserted(this.document(write.collection, write.id), write, joined);
        if (next) this.stage(changes, write.collection, write.id, next);
        return;
      }
      case 'updateMany': {
        for (const current of this.select(write.collection, write.filter, Infinity)) {
          const next = updated(current, current._id, write.update);
          if (next._id !== current._id)
            throw new Error(`An update may not change _id (${write.collection}/${current._id})`);
          this.stage(changes, write.collection, current._id, next);
        }
        return;
      }
      case 'deleteMany': {
        for (const document of this.select(write.collection, write.filter, Infinity))
          this.stage(changes, write.collection, document._id, undefined);
        return;
      }
      default:
        return unreachable(write);
    }
  }
}

/**
 * The top-level fields a filter reads (a path's first segment), or null when it has an operator
 * that may read others (`$expr`, `$where`, `$text`, ...).
 */
function fieldsOf(filter: Filter): Set<string> | null {
  const fields = new Set<string>();
  const visit = (part: Filter): boolean => {
    for (const [key, condition] of Object.entries(part)) {
      if (key === '$and' || key === '$or' || key === '$nor') {
        if (!Array.isArray(condition) || !(condition as Filter[]).every(visit)) return false;
      } else if (key.startsWith('$')) return false;
      else fields.add(key.split('.')[0]);
    }
    return true;
  };
  return visit(filter) ? fields : null;
}

/** The ids a filter names outright (`_id: 'x'` or `_id: { $in: [...] }`), or null when it names none. */
function namedIds(filter: Filter): readonly string[] | null {
  const id = filter._id;
  if (typeof id === 'string') return [id];
  if (typeof id !== 'object' || id === null || Array.isArray(id)) return null;
  const keys = Object.keys(id);
  const list = (id as { $in?: unknown }).$in;
  return keys.length === 1 && Array.isArray(list) && list.every((value) => typeof value === 'string') ? (list as string[]) : null;
}


/** SQLite's unique-index violation, named after our index (`unique ["collection",{fields}]`). */
function duplicateKeyError(error: unknown): DuplicateKeyError | null {
  // better-sqlite3's errors are not `instanceof Error` in another realm (a Jest test file), hence the duck typing.
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (code !== 'SQLITE_CONSTRAINT_UNIQUE' || typeof message !== 'string') return null;
  const index = /index '(.*)'$/.exec(message)?.[1] ?? '';
  const [collection, fields] = index.startsWith(UNIQUE_INDEX_PREFIX)
    ? (JSON.parse(index.slice(UNIQUE_INDEX_PREFIX.length)) as [string, Record<string, number>])
    : ['(unknown)', {}];
  return new DuplicateKeyError(collection, `unique index on ${Object.keys(fields).join(', ')}`, { cause: error });
}

type PendingCommit = {
  /** null for writes recorded outside every projection. */
  readonly checkpoint: { readonly projection: string; readonly checkpoint: Position } | null;
  readonly writes: readonly ReadModelWrite[];
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
};

const isReadOnlyStage = (stage: Record<string, unknown>): boolean => {
  const [operator] = Object.keys(stage);
  if (READ_ONLY_STAGES.has(operator)) return true;
  // $addFields copies each document before setting top-level fields, but writes nested ones in place.
  const fields = stage[operator];
  return (
    (operator === '$addFields' || operator === '$set') &&
    typeof fields === 'object' &&
    fields !== null &&
    Object.keys(fields).every((field) => !field.includes('.'))
  );
};

const toParkedEvent = (row: ParkedRow): ParkedEvent => ({
  projection: row.projection,
  eventId: row.event_id,
  streamName: row.stream_name,
  revision: row.revision,
  type: row.type,
  position: parsePosition(row.position) ?? unreadable(row.position),
  error: row.error,
  attempts: row.attempts,
  parkedAt: row.parked_at,
});

const unreadable = (position: string): never => {
  throw new Error(`Unreadable stored position "${position}"`);
};

const unreachable = (value: never): never => {
  throw new Error(`Unknown read-model write ${JSON.stringify(value)}`);
};

const quoteIdentifier = (name: string): string => `"${name.replace(/"/g, '""')}"`;
const quoteString = (text: string): string => `'${text.replace(/'/g, "''")}'`;

const jsonPath = (field: string): string => {
  if (field.includes('"')) throw new Error(`Unsupported field name in an index: ${field}`);
  return `$${field
    .split('.')
    .map((segment) => `."${segment}"`)
    .join('')}`;
};
