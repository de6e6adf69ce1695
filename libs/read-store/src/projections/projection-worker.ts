import { Logger } from '@nestjs/common';
import { type AllEvent, comparePositions, type EventStore, type EventSubscription, formatPosition, type Position } from '@ledger/event-sourcing';
import type { ReadStore } from '../read-store.port';
import { ReadStoreUnavailableError } from '../read-store-unavailable.error';
import type { Projection } from './projection';
import { IDLE_CHECKPOINT_MS } from './idle-checkpoint';
import { type ApplierOptions, type LogApplier, ProjectionApplier } from './projection-applier';

export type WorkerOptions = ApplierOptions & {
  /** Most events committed together; under load batches grow up to this, idle ones are single events. */
  readonly batchSize?: number;
  readonly resubscribeDelayMs?: number;
  /** First wait after the read store failed to answer; it doubles up to `maxOutageDelayMs`. */
  readonly outageDelayMs?: number;
  readonly maxOutageDelayMs?: number;
};

/** A worker waiting for the read store to answer again: its batch is neither applied nor parked. */
export type ReadStoreOutage = { readonly since: string; readonly attempts: number; readonly error: string };

/** Up to `size` events, and never only part of one command's append to a stream. */
function takeBatch(buffer: AllEvent[], size: number): AllEvent[] {
  const batch = buffer.splice(0, size);
  const last = batch[batch.length - 1];
  // Events written by other tools may carry no metadata: those are never held together.
  const commandId = last.metadata?.commandId;
  let sameAppend = 0;
  while (commandId !== undefined && sameAppend < buffer.length && buffer[sameAppend].streamName === last.streamName && buffer[sameAppend].metadata?.commandId === commandId) sameAppend += 1;
  if (sameAppend > 0) batch.push(...buffer.splice(0, sameAppend));
  return batch;
}

/** Events waiting beyond this make the subscription wait for the projection. */
const HIGH_WATER = 10_000;

/**
 * Keeps one projection up to date: subscribes to `$all` from its checkpoint (never the in-process
 * bus), batches whatever has arrived while the previous batch was committing, and resubscribes
 * from the checkpoint after any failure.
 */
export class ProjectionWorker {
  private readonly logger: Logger;
  private readonly applier: LogApplier;
  private readonly batchSize: number;
  private readonly resubscribeDelayMs: number;
  private position: Position | null = null;
  private subscription: EventSubscription | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;
  private readonly progressListeners = new Set<(position: Position) => void>();
  private readonly outageDelayMs: number;
  private readonly maxOutageDelayMs: number;
  private currentOutage: ReadStoreOutage | null = null;
  private interruptWait: (() => void) | null = null;

  constructor(
    private readonly eventStore: EventStore,
    private readonly readStore: ReadStore,
    consumer: Projection | LogApplier,
    options: WorkerOptions = {},
  ) {
    this.applier = 'apply' in consumer ? consumer : new ProjectionApplier(readStore, consumer, options);
    this.logger = new Logger(`Projection ${this.applier.name}`);
    this.batchSize = options.batchSize ?? 1000;
    this.resubscribeDelayMs = options.resubscribeDelayMs ?? 500;
    this.outageDelayMs = options.outageDelayMs ?? 250;
    this.maxOutageDelayMs = options.maxOutageDelayMs ?? 30_000;
  }

  /** Null while the read store answers; else since when this worker has been waiting for it. */
  get outage(): ReadStoreOutage | null {
    return this.currentOutage;
  }

  get name(): string {
    return this.applier.name;
  }

  get checkpoint(): Position | null {
    return this.position;
  }

  /** Called after every committed batch with the new checkpoint. */
  onProgress(listener: (position: Position) => void): () => void {
    this.progressListeners.add(listener);
    return () => this.progressListeners.delete(listener);
  }

  async start(): Promise<void> {
    await this.applier.prepare();
    this.position = await this.readStore.readCheckpoint(this.applier.name);
    await this.refuseCheckpointAheadOfLog();
    this.running = this.run();
  }

  /**
   * A checkpoint beyond the log's last event means the log is not the one these read models were
   * built from (it was wiped, or restored from an older copy): following it would skip every event
   * appended until the log passes the checkpoint again, or resubscribe forever where the server
   * refuses such a position. The worker does not start.
   */
  private async refuseCheckpointAheadOfLog(): Promise<void> {
    if (this.position === null) return;
    const last = await this.eventStore.lastPosition();
    if (last !== null && comparePositions(this.position, last) <= 0) return;
    throw new CheckpointAheadOfLogError(this.applier.name, this.position, last);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.interruptWait?.();
    await this.subscription?.close();
    await this.running;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        this.subscription = this.eventStore.subscribeToAll({ after: this.position ?? undefined });
        await this.consume(this.subscription);
      } catch (error) {
        if (this.stopped) return;
        this.logger.error(`subscription failed, resubscribing from the checkpoint: ${String(error)}`);
        await this.subscription?.close();
        await new Promise((resolve) => setTimeout(resolve, this.resubscribeDelayMs));
        // From the checkpoint as stored, not as last seen here: a batch that failed part way may
        // have committed some of its events, and those must not be applied again.
        const stored = await this.storedCheckpoint();
        if (stored === undefined) return;
        this.position = stored;
      }
    }
  }

  /**
   * Applies the batch; while the read store does not answer (ReadStoreUnavailableError) waits,
   * doubling the wait, and tries again for as long as it takes: an outage is not the events' fault,
   * so none of them is parked. A batch applied event by event may have been part way through:
   * before trying again, the events the stored checkpoint covers are dropped. False when the worker
   * was stopped while waiting.
   */
  private async applyOnceStoreAnswers(batch: readonly AllEvent[]): Promise<boolean> {
    let remaining = batch;
    for (let attempt = 1; ; attempt += 1) {
      try {
        if (attempt > 1) {
          const stored = await this.readStore.readCheckpoint(this.applier.name);
          remaining = stored === null ? batch : batch.filter((event) => comparePositions(event.position, stored) > 0);
        }
        if (remaining.length > 0) await this.applier.apply(remaining);
        if (this.currentOutage) this.logger.log(`the read store answers again after ${this.currentOutage.attempts} attempts since ${this.currentOutage.since}`);
        this.currentOutage = null;
        return true;
      } catch (error) {
        if (!(error instanceof ReadStoreUnavailableError)) throw error;
        await this.waitForStore(error, attempt);
        if (this.stopped) return false;
      }
    }
  }

  /** The checkpoint as the read store holds it, waiting for the store while it does not answer; undefined once stopped. */
  private async storedCheckpoint(): Promise<Position | null | undefined> {
    for (let attempt = 1; !this.stopped; attempt += 1) {
      try {
        return await this.readStore.readCheckpoint(this.applier.name);
      } catch (error) {
        await this.waitForStore(error instanceof ReadStoreUnavailableError ? error : new ReadStoreUnavailableError('read of a checkpoint', { cause: error }), attempt);
      }
    }
    return undefined;
  }

  private async waitForStore(error: ReadStoreUnavailableError, attempt: number): Promise<void> {
    if (!this.currentOutage) this.logger.warn(`waiting for the read store: ${error.message}`);
    this.currentOutage = { since: this.currentOutage?.since ?? new Date().toISOString(), attempts: attempt, error: error.message };
    const delay = Math.min(this.outageDelayMs * 2 ** (attempt - 1), this.maxOutageDelayMs);
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, delay);
      this.interruptWait = () => (clearTimeout(timer), resolve());
    });
    this.interruptWait = null;
  }

  private async consume(subscription: EventSubscription): Promise<void> {
    const buffer: AllEvent[] = [];
    const wake: { consumer?: () => void; producer?: () => void } = {};
    let ended = false;
    let failure: unknown = null;

    const producer = (async () => {
      try {
        for await (const event of subscription) {
          buffer.push(event);
          wake.consumer?.();
          while (buffer.length >= HIGH_WATER && !this.stopped) await new Promise<void>((r) => (wake.producer = r));
        }
      } catch (error) {
        failure = error;
      } finally {
        ended = true;
        wake.consumer?.();
      }
    })();

    while (!this.stopped) {
      if (buffer.length === 0) {
        if (ended) break;
        const idle = this.applier.hasPendingCheckpoint;
        const timedOut = await new Promise<boolean>((r) => {
          const timer = idle ? setTimeout(() => r(true), IDLE_CHECKPOINT_MS) : undefined;
          wake.consumer = () => {
            clearTimeout(timer);
            r(false);
          };
        });
        wake.consumer = undefined;
        if (timedOut) await this.applier.flush();
        // The subscription hands over what it has read one event per microtask; waking on the
        // first would commit an append's first event alone and show readers half a decision.
        else await new Promise<void>((resolve) => setImmediate(resolve));
        continue;
      }
      const batch = takeBatch(buffer, this.batchSize);
      wake.producer?.();
      if (!(await this.applyOnceStoreAnswers(batch))) break;
      this.position = batch[batch.length - 1].position;
      for (const listener of this.progressListeners) listener(this.position);
    }
    await this.applier.flush();
    await subscription.close();
    wake.producer?.();
    await producer;
    if (failure && !this.stopped) throw failure;
  }
}

export class CheckpointAheadOfLogError extends Error {
  constructor(consumer: string, checkpoint: Position, last: Position | null) {
    super(
      `The checkpoint of ${consumer} (${formatPosition(checkpoint)}) is beyond the log's last event (${last === null ? 'the log is empty' : formatPosition(last)}): ` +
        'the log was wiped or restored from an older copy. Rebuild the read models from this log (salesctl rebuild), or restore the read models that belong to it.',
    );
    this.name = 'CheckpointAheadOfLogError';
  }
}
