import type Database from 'better-sqlite3';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type { ExpectedRevision } from './event-store.port';
import { GENESIS_HASH, canonicalEvent, chainHash } from './hash-chain';
import { openSqliteDatabase } from './sqlite-database';
import { categoryOf } from './stream-name';

/** An event as stored: data and metadata as their canonical JSON text, which is what is hashed. */
export type SerializedEvent = { readonly id: string; readonly type: string; readonly data: string; readonly metadata: string };

export type AppendRequest = { readonly streamName: string; readonly events: readonly SerializedEvent[]; readonly expectedRevision: ExpectedRevision };

/** What one append of a group commit came to; plain data, so that it crosses from the writer's thread. */
export type AppendOutcome =
  | { readonly ok: true; readonly nextExpectedRevision: number; readonly position: number; readonly alreadyWritten: boolean }
  | { readonly ok: false; readonly refusal: 'wrong-revision'; readonly actual: number }
  | { readonly ok: false; readonly refusal: 'id-conflict'; readonly eventId: string };

/**
 * One group commit: each append's outcome, and the log's last position when the transaction began
 * and when it ended (0: empty log), which tell the store whether anyone else wrote in between.
 */
export type GroupCommit =
  | { readonly committed: true; readonly outcomes: readonly AppendOutcome[]; readonly lastPositionBefore: number; readonly lastPositionAfter: number }
  | { readonly committed: false; readonly failure: string };

/** Writes group commits to the log: the one place that appends rows, on whichever thread owns the write connection. */
export class LogBatchWriter {
  private readonly statements;

  constructor(private readonly db: Database.Database) {
    this.statements = {
      lastRevision: db.prepare<[string], { revision: number; stream_hash: string }>(
        'SELECT revision, stream_hash FROM events WHERE stream_name = ? ORDER BY revision DESC LIMIT 1',
      ),
      lastEvent: db.prepare<[], { position: number; log_hash: string }>('SELECT position, log_hash FROM events ORDER BY position DESC LIMIT 1'),
      insert: db.prepare(
        `INSERT INTO events (event_id, stream_name, category, revision, type, data, metadata, recorded_at, stream_hash, log_hash)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      idsFrom: db.prepare<[string, number, number], { position: number; event_id: string; revision: number }>(
        'SELECT position, event_id, revision FROM events WHERE stream_name = ? AND revision >= ? ORDER BY revision ASC LIMIT ?',
      ),
    };
  }

  /**
   * One transaction and one fsync for the whole batch; each append still checks its own expected
   * revision and succeeds or fails alone. Both hashes of each event are computed inside it from the
   * previous ones read in it, so no concurrent append (of this process or another) can fork either chain.
   */
  write(batch: readonly AppendRequest[]): GroupCommit {
    const outcomes: AppendOutcome[] = [];
    const recordedAt = new Date().toISOString();
    let lastPositionBefore = 0;
    let lastPositionAfter = 0;
    try {
      // IMMEDIATE: the write lock is taken before the chain's previous hashes are read, so another
      // process appending to the same file waits instead of chaining from the same predecessor.
      this.db
        .transaction(() => {
          const last = this.statements.lastEvent.get();
          lastPositionBefore = last?.position ?? 0;
          const chain = { logHash: last?.log_hash ?? GENESIS_HASH, position: lastPositionBefore };
          for (const request of batch) outcomes.push(this.appendOne(request, recordedAt, chain));
          lastPositionAfter = chain.position;
        })
        .immediate();
    } catch (error) {
      return { committed: false, failure: error instanceof Error ? error.message : String(error) };
    }
    return { committed: true, outcomes, lastPositionBefore, lastPositionAfter };
  }

  /** Checks come before any write, so a refused append writes nothing. */
  private appendOne({ streamName, events, expectedRevision }: AppendRequest, recordedAt: string, chain: { logHash: string; position: number }): AppendOutcome {
    const last = this.statements.lastRevision.get(streamName);
    const current = last?.revision ?? -1;
    if (!matchesExpectation(current, expectedRevision)) {
      return this.earlierAppend(streamName, events, expectedRevision) ?? { ok: false, refusal: 'wrong-revision', actual: current };
    }
    const category = categoryOf(streamName);
    let revision = current;
    let streamHash = last?.stream_hash ?? GENESIS_HASH;
    for (const event of events) {
      revision += 1;
      const canonical = canonicalEvent(streamName, revision, event.type, event.data, event.metadata);
      streamHash = chainHash(streamHash, canonical);
      chain.logHash = chainHash(chain.logHash, canonical);
      const info = this.statements.insert.run(event.id, streamName, category, revision, event.type, event.data, event.metadata, recordedAt, streamHash, chain.logHash);
      chain.position = Number(info.lastInsertRowid);
    }
    return { ok: true, nextExpectedRevision: revision, position: chain.position, alreadyWritten: false };
  }

  /**
   * As in EventStoreDB, a retried append is recognised by its stream: the events right after the
   * expected revision carry the same ids in the same order. It answers the original result and
   * writes nothing; the same ids in another arrangement are a conflict. No global index on event
   * ids is kept: a random-key index would halve the append rate (bench/RESULTS.md).
   */
  private earlierAppend(streamName: string, events: readonly SerializedEvent[], expected: ExpectedRevision): AppendOutcome | null {
    if (expected === 'any') return null;
    const from = expected === 'no_stream' ? 0 : expected + 1;
    const found = this.statements.idsFrom.all(streamName, from, events.length);
    if (found.length === 0 || found[0].event_id !== events[0].id) return null;
    const matches = found.length === events.length && found.every((row, index) => row.event_id === events[index].id);
    if (!matches) return { ok: false, refusal: 'id-conflict', eventId: events[0].id };
    const last = found[found.length - 1];
    return { ok: true, nextExpectedRevision: last.revision, position: last.position, alreadyWritten: true };
  }
}

const matchesExpectation = (current: number, expected: ExpectedRevision): boolean =>
  expected === 'any' || (expected === 'no_stream' ? current === -1 : current === expected);

/** Where the log ended before and after a commit. */
export type CommitBounds = { readonly lastPositionBefore: number; readonly lastPositionAfter: number };

/** Where group commits are written; one at a time, in the order given. */
export type LogWriter = {
  readonly write: (batch: readonly AppendRequest[]) => Promise<GroupCommit>;
  /**
   * The bounds of the last commit written, known as soon as it is (before its answer arrives on the
   * calling thread); null before any. Positions beyond 32 bits are not told (null).
   */
  readonly lastCommitted: () => CommitBounds | null;
  /** Why no commit can be written any more (the writer's thread has stopped), or null. */
  readonly failure: () => Error | null;
  readonly close: () => Promise<void>;
};

/** Both bounds in one 64-bit slot, so that a reader on another thread never sees half of one commit's. */
const packBounds = (commit: GroupCommit): bigint =>
  commit.committed && commit.lastPositionAfter < 2 ** 32 ? (BigInt(commit.lastPositionBefore) << 32n) | BigInt(commit.lastPositionAfter) : -1n;

const unpackBounds = (packed: bigint): CommitBounds | null =>
  packed < 0n ? null : { lastPositionBefore: Number(packed >> 32n), lastPositionAfter: Number(packed & 0xffffffffn) };

const WORKER_ROLE = 'sqlite-log-writer';

/**
 * The log's group commits on a thread of their own, with a write connection of its own: the
 * transaction and its fsync (the wait for the disk) no longer stop the event loop, which serves
 * requests and reads meanwhile. An append is still acknowledged only once its commit has returned.
 * The thread runs this compiled module; where it cannot (the TypeScript sources under Jest, or an
 * in-memory database, which a second connection would not see), the commits run on the calling
 * thread, through the same `LogBatchWriter`.
 */
export function openLogWriter(file: string, db: Database.Database): LogWriter {
  if (file === ':memory:' || !__filename.endsWith('.js')) {
    const writer = new LogBatchWriter(db);
    let last = -1n;
    return {
      write: async (batch) => {
        const commit = writer.write(batch);
        last = packBounds(commit);
        return commit;
      },
      lastCommitted: () => unpackBounds(last),
      failure: () => null,
      close: async () => undefined,
    };
  }
  return new ThreadLogWriter(file);
}

class ThreadLogWriter implements LogWriter {
  private readonly worker: Worker;
  /** Written by the writer thread right after each commit, before it answers. */
  private readonly lastCommit = new BigInt64Array(new SharedArrayBuffer(8)).fill(-1n);
  private readonly waiting: { resolve: (commit: GroupCommit) => void; reject: (error: unknown) => void }[] = [];
  /** Why the thread stopped; every later write is refused with it. */
  private stopped: Error | null = null;
  private exited = false;

  constructor(file: string) {
    this.worker = new Worker(__filename, { workerData: { role: WORKER_ROLE, file, lastCommit: this.lastCommit } });
    this.worker.unref();
    this.worker.on('message', (commit: GroupCommit) => {
      this.waiting.shift()!.resolve(commit);
      // An idle writer keeps no process alive; one with a commit under way does, until it answers.
      if (this.waiting.length === 0) this.worker.unref();
    });
    const fail = (error: Error): void => {
      this.stopped ??= error;
      for (const waiting of this.waiting.splice(0)) waiting.reject(error);
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => {
      this.exited = true;
      fail(new Error(`The event log's writer thread stopped (exit code ${code})`));
    });
  }

  write(batch: readonly AppendRequest[]): Promise<GroupCommit> {
    if (this.stopped) return Promise.reject(this.stopped);
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      this.worker.ref();
      this.worker.postMessage(batch);
    });
  }

  lastCommitted(): CommitBounds | null {
    return unpackBounds(Atomics.load(this.lastCommit, 0));
  }

  failure(): Error | null {
    return this.stopped;
  }

  /** After the last commit has answered: the writer closes its connection and its thread ends. */
  async close(): Promise<void> {
    // A thread that already stopped (it died, or a close before this one) has nothing to close.
    if (this.exited) return;
    const ended = new Promise((resolve) => this.worker.once('exit', resolve));
    this.worker.ref();
    this.worker.postMessage(null);
    await ended;
  }
}

if (!isMainThread && (workerData as { role?: string } | null)?.role === WORKER_ROLE) {
  const { file, lastCommit } = workerData as { file: string; lastCommit: BigInt64Array };
  const db = openSqliteDatabase(file);
  const writer = new LogBatchWriter(db);
  parentPort!.on('message', (batch: AppendRequest[] | null) => {
    if (batch !== null) {
      const commit = writer.write(batch);
      Atomics.store(lastCommit, 0, packBounds(commit));
      return parentPort!.postMessage(commit);
    }
    db.close();
    parentPort!.close();
  });
}
