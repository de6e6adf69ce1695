import { Logger } from '@nestjs/common';
import type { AllEvent } from '@ledger/event-sourcing';
import type { ReadModelWrite, ReadStore } from '../read-store.port';
import { ReadStoreUnavailableError } from '../read-store-unavailable.error';
import { IdleCheckpoint } from './idle-checkpoint';
import { ensureProjectionIndexes, type Projection } from './projection';

/** Whatever a worker feeds the log to: a projection's applier or a process manager's. */
export type LogApplier = {
  readonly name: string;
  /** Once before the first batch: indexes and the like. */
  prepare(): Promise<void>;
  /** Applies the batch and moves the checkpoint past it (a batch that writes nothing may defer storing it). */
  apply(batch: readonly AllEvent[]): Promise<void>;
  /** Whether a checkpoint waits to be stored. */
  readonly hasPendingCheckpoint: boolean;
  /** Stores a deferred checkpoint: when idle, on stop, at the end of a rebuild. */
  flush(): Promise<void>;
};

export type ApplierOptions = {
  /** Attempts for one event before it is parked. */
  readonly maxAttempts?: number;
  readonly retryDelayMs?: number;
};

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Applies a batch of events to one projection and moves its checkpoint in the same commit. The
 * fast path projects the whole batch and commits once; if that fails, events are applied one by
 * one so that a single bad event is retried, then parked, and everything else goes through. A
 * read store that does not answer (ReadStoreUnavailableError) is no event's fault: it is raised to
 * the worker, which waits for the store, and nothing is parked.
 */
export class ProjectionApplier implements LogApplier {
  private readonly logger: Logger;
  private readonly maxAttempts: number;
  private readonly retryDelayMs: number;
  private readonly idle: IdleCheckpoint;

  constructor(
    private readonly readStore: ReadStore,
    readonly projection: Projection,
    options: ApplierOptions = {},
  ) {
    this.logger = new Logger(`Projection ${projection.name}`);
    this.maxAttempts = options.maxAttempts ?? 3;
    this.retryDelayMs = options.retryDelayMs ?? 50;
    this.idle = new IdleCheckpoint(readStore, projection.name);
  }

  get hasPendingCheckpoint(): boolean {
    return this.idle.hasPending;
  }

  flush(): Promise<void> {
    return this.idle.flush();
  }

  get name(): string {
    return this.projection.name;
  }

  prepare(): Promise<void> {
    return ensureProjectionIndexes(this.readStore, this.projection);
  }

  async apply(batch: readonly AllEvent[]): Promise<void> {
    if (batch.length === 0) return;
    try {
      const writes: ReadModelWrite[] = [];
      for (const event of batch) writes.push(...this.writesFor(event));
      const position = batch[batch.length - 1].position;
      if (writes.length === 0 && this.idle.defer(position)) return;
      await this.readStore.commit(this.projection.name, writes, position);
      this.idle.stored();
    } catch (error) {
      if (error instanceof ReadStoreUnavailableError) throw error;
      for (const event of batch) await this.applyOne(event);
      this.idle.stored();
    }
  }

  private writesFor(event: AllEvent): readonly ReadModelWrite[] {
    return this.projection.handles.has(event.type) ? this.projection.project(event) : [];
  }

  private async applyOne(event: AllEvent): Promise<void> {
    let lastError: unknown;
    for (let attempt = 1; attempt <= this.maxAttempts; attempt += 1) {
      try {
        await this.readStore.commit(this.projection.name, this.writesFor(event), event.position);
        return;
      } catch (error) {
        if (error instanceof ReadStoreUnavailableError) throw error;
        lastError = error;
        if (attempt < this.maxAttempts) await sleep(this.retryDelayMs * 2 ** (attempt - 1));
      }
    }
    const message = lastError instanceof Error ? lastError.message : String(lastError);
    this.logger.error(`parking ${event.type} ${event.streamName}@${event.revision}: ${message}`);
    await this.readStore.park({
      projection: this.projection.name,
      eventId: event.id,
      streamName: event.streamName,
      revision: event.revision,
      type: event.type,
      position: event.position,
      error: message,
      attempts: this.maxAttempts,
      parkedAt: new Date().toISOString(),
    });
    await this.readStore.commit(this.projection.name, [], event.position);
  }
}
