import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { EventStore, type Position, comparePositions, formatPosition } from '@ledger/event-sourcing';
import { ProblemException } from '@ledger/platform';
import { queryCube } from '../cubes/cube-query';
import { type ParkedEvent, ReadStore } from '../read-store.port';
import { type ExecuteCommand, ProcessApplier, type ProcessManager } from './process-manager';
import type { Projection } from './projection';
import { type ReadStoreOutage, ProjectionWorker } from './projection-worker';

export type ProjectionsSettings = {
  readonly projections: readonly Projection[];
  /** Run the workers in this process (embedded mode and sales-projector); the API alone only reads. */
  readonly run: boolean;
  /**
   * Run only these consumers (projection and process manager names), so that several projector
   * processes share the work; null or absent: all of them. Every consumer is still known for
   * `GET /projections` and `minPosition`, which read the stored checkpoints of the others.
   */
  readonly only?: readonly string[] | null;
  /** Process managers, run where projections run; they need `execute` to send their commands. */
  readonly processes?: readonly ProcessManager[];
  readonly execute?: ExecuteCommand;
};

export const PROJECTIONS_SETTINGS = Symbol('PROJECTIONS_SETTINGS');

/** Counting further than this would read a long tail of the log for a status page. */
const LAG_COUNT_LIMIT = 1_000;

export type ProjectionStatus = {
  readonly name: string;
  /** The log position of the last event it handled. */
  readonly checkpoint: string | null;
  readonly lagEvents: number;
  /** lagEvents stopped counting at its cap. */
  readonly lagEventsCapped: boolean;
  /** How long ago the oldest event it has not handled was recorded. */
  readonly lagMs: number;
  readonly parked: readonly (Omit<ParkedEvent, 'position'> & { readonly position: string })[];
  /**
   * Set while this process's worker waits for the read store to answer again (network, failover):
   * since when, the attempts so far and the last error. Null when it runs, or runs in another process.
   */
  readonly waitingForReadStore: ReadStoreOutage | null;
};
export type ProjectionsStatus = { readonly head: string | null; readonly projections: readonly ProjectionStatus[] };
export type RetryResult = { readonly name: string; readonly retried: number; readonly applied: number; readonly stillParked: ProjectionStatus['parked'] };

const POLL_MS = 10;

/** The projections this process knows, their workers when it runs them, and waiting for them to catch up. */
@Injectable()
export class ProjectionRuntime implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Projections');
  private readonly workers = new Map<string, ProjectionWorker>();

  constructor(
    private readonly eventStore: EventStore,
    private readonly readStore: ReadStore,
    @Inject(PROJECTIONS_SETTINGS) private readonly settings: ProjectionsSettings,
  ) {}

  get projections(): readonly Projection[] {
    return this.settings.projections;
  }

  /** Projections and process managers: everything that keeps a checkpoint in the log. */
  get consumers(): readonly string[] {
    return [...this.settings.projections, ...(this.settings.processes ?? [])].map((consumer) => consumer.name);
  }

  async onApplicationBootstrap(): Promise<void> {
    const runs = this.consumersToRun();
    await this.warmUpCubes();
    if (!this.settings.run) return;
    for (const projection of this.settings.projections.filter((consumer) => runs(consumer.name))) {
      const worker = new ProjectionWorker(this.eventStore, this.readStore, projection);
      await worker.start();
      this.workers.set(projection.name, worker);
    }
    const processes = (this.settings.processes ?? []).filter((consumer) => runs(consumer.name));
    const { execute } = this.settings;
    if (processes.length > 0 && !execute) throw new Error('process managers need an execute function to send commands');
    for (const process of processes) {
      const worker = new ProjectionWorker(this.eventStore, this.readStore, new ProcessApplier(this.readStore, process, execute!));
      await worker.start();
      this.workers.set(process.name, worker);
    }
    this.logger.log(`running ${[...this.workers.keys()].join(', ')}`);
  }

  private consumersToRun(): (name: string) => boolean {
    const { only } = this.settings;
    if (!only) return () => true;
    const unknown = only.filter((name) => !this.consumers.includes(name));
    if (unknown.length > 0) throw new Error(`CONSUMERS names ${unknown.join(', ')}, which this process does not know; known: ${this.consumers.join(', ')}`);
    return (name) => only.includes(name);
  }

  /**
   * Reads every cube once before the API serves: a store that adds cells up from the facts
   * (embedded) does it now, at start, rather than while the first report's reader waits and every
   * other request with it.
   */
  private async warmUpCubes(): Promise<void> {
    const started = Date.now();
    const cubes = this.settings.projections.flatMap((projection) => projection.cubes ?? []);
    for (const cube of cubes) await queryCube(this.readStore, cube, { groupBy: [], sums: [] });
    if (cubes.length > 0) this.logger.log(`${cubes.length} cubes ready in ${Date.now() - started} ms`);
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.workers.values()].map((worker) => worker.stop()));
  }

  /** Each consumer's checkpoint, how far behind the log it is, and the events it parked (with why). */
  async status(): Promise<ProjectionsStatus> {
    const head = await this.eventStore.lastPosition();
    const parked = await this.readStore.listParked();
    const projections = await Promise.all(
      this.consumers.map(async (name) => {
        const checkpoint = await this.checkpoint(name);
        const behind = await this.eventStore.readAll({ after: checkpoint ?? undefined, maxCount: LAG_COUNT_LIMIT });
        return {
          name,
          checkpoint: checkpoint ? formatPosition(checkpoint) : null,
          lagEvents: behind.length,
          lagEventsCapped: behind.length === LAG_COUNT_LIMIT,
          lagMs: behind.length > 0 ? Math.max(0, Date.now() - Date.parse(behind[0].recordedAt)) : 0,
          parked: parked.filter((event) => event.projection === name).map((event) => ({ ...event, position: formatPosition(event.position) })),
          waitingForReadStore: this.workers.get(name)?.outage ?? null,
        };
      }),
    );
    return { head: head ? formatPosition(head) : null, projections };
  }

  /**
   * Runs the commands of a process manager's parked events again, oldest first: those that go
   * through leave the parked list, the others stay with their new error. A projection's parked events
   * are applied again by rebuilding it: its later events have moved its records past them.
   */
  async retryParked(name: string): Promise<RetryResult> {
    const process = this.settings.processes?.find((candidate) => candidate.name === name);
    if (process === undefined) {
      if (this.settings.projections.some((projection) => projection.name === name)) {
        throw new ProblemException(409, 'retry-by-rebuild', `${name} is a projection: apply its parked events again by rebuilding it (stop the API, then salesctl rebuild ${name})`);
      }
      throw new ProblemException(404, 'projection-not-found', `No projection or process manager is named "${name}"; known: ${this.consumers.join(', ')}`);
    }
    const applier = new ProcessApplier(this.readStore, process, this.settings.execute!);
    const parked = await this.readStore.listParked(name);
    let applied = 0;
    for (const event of parked) {
      const [recorded] = await this.eventStore.readStream(event.streamName, { fromRevision: event.revision, maxCount: 1 });
      if (await applier.retry({ ...recorded, position: event.position })) applied += 1;
    }
    const stillParked = (await this.readStore.listParked(name)).map((event) => ({ ...event, position: formatPosition(event.position) }));
    return { name, retried: parked.length, applied, stillParked };
  }

  async checkpoint(name: string): Promise<Position | null> {
    return this.workers.get(name)?.checkpoint ?? this.readStore.readCheckpoint(name);
  }

  /**
   * Resolves true once every named projection has applied `position`, false after `timeoutMs`.
   * In-process workers wake the wait at once; otherwise the stored checkpoints are polled.
   */
  async waitFor(position: Position, names: readonly string[], timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    for (const name of names) {
      for (;;) {
        const checkpoint = await this.checkpoint(name);
        if (checkpoint !== null && comparePositions(checkpoint, position) >= 0) break;
        const remaining = deadline - Date.now();
        if (remaining <= 0) return false;
        await this.nextProgress(name, Math.min(remaining, POLL_MS * 10));
      }
    }
    return true;
  }

  private nextProgress(name: string, timeoutMs: number): Promise<void> {
    const worker = this.workers.get(name);
    return new Promise((resolve) => {
      const timer = setTimeout(done, worker ? timeoutMs : POLL_MS);
      const unsubscribe = worker?.onProgress(done);
      function done(): void {
        clearTimeout(timer);
        unsubscribe?.();
        resolve();
      }
    });
  }
}
