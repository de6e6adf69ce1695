import { Logger } from '@nestjs/common';
import type { ICommand } from '@nestjs/cqrs';
import { type AllEvent, DomainError, type Event, type EventCodec } from '@ledger/event-sourcing';
import type { ReadStore } from '../read-store.port';
import { ReadStoreUnavailableError } from '../read-store-unavailable.error';
import { IdleCheckpoint } from './idle-checkpoint';
import type { LogApplier } from './projection-applier';

/**
 * Reacts to events from the log (from its own checkpoint, never the in-process bus) by issuing
 * commands: a plain function from one event to the commands it calls for, in order. Every command
 * must take its id from the event (see `derivedCommandId`), so that replaying an event after a
 * crash is recognised by the target stream instead of acting twice, and carry the event id as its
 * causation id.
 */
export type ProcessManager = {
  readonly name: string;
  readonly handles: ReadonlySet<string>;
  readonly react: (event: AllEvent) => readonly ICommand[];
};

/**
 * A process manager over some events of one or more aggregates, decoded through their codecs into
 * their current shape; `recorded` is where the event stands in the log (its id is the causation).
 */
export function processManagerOf<E extends Event, T extends E['type']>(spec: {
  readonly name: string;
  readonly events: EventCodec<E>;
  readonly on: readonly T[];
  readonly react: (event: Extract<E, { type: T }>, recorded: AllEvent) => readonly ICommand[];
}): ProcessManager {
  const handles = new Set<string>(spec.on);
  const isHandled = (event: E): event is Extract<E, { type: T }> => handles.has(event.type);
  return {
    name: spec.name,
    handles,
    react: (recorded) => {
      if (!handles.has(recorded.type)) return [];
      const event = spec.events.decode(recorded);
      return isHandled(event) ? spec.react(event, recorded) : [];
    },
  };
}

export type ExecuteCommand = (command: ICommand) => Promise<unknown>;

/**
 * A command that cannot act yet (it waits for a read model still catching up) throws this: the
 * event is neither retried a few times nor parked; the batch fails and the worker resumes from its
 * checkpoint a moment later, replaying commands whose derived ids make them act once.
 */
export class RetryLaterError extends Error {
  override name = 'RetryLaterError';
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs a process manager over a batch: each handled event's commands in log order, then the
 * checkpoint once for the batch. A refusal by the domain is final, so the event is parked at once
 * (visible in GET /projections); any other failure is retried, then parked, but for a read store
 * that does not answer, which the worker waits out (nothing parked). A crash before the
 * checkpoint replays commands whose ids the target streams already hold: they append nothing.
 */
export class ProcessApplier implements LogApplier {
  private readonly logger: Logger;
  private readonly idle: IdleCheckpoint;

  constructor(
    private readonly readStore: ReadStore,
    private readonly process: ProcessManager,
    private readonly execute: ExecuteCommand,
    private readonly options: { maxAttempts?: number; retryDelayMs?: number } = {},
  ) {
    this.logger = new Logger(`Process ${process.name}`);
    this.idle = new IdleCheckpoint(readStore, process.name);
  }

  get name(): string {
    return this.process.name;
  }

  async prepare(): Promise<void> {}

  get hasPendingCheckpoint(): boolean {
    return this.idle.hasPending;
  }

  flush(): Promise<void> {
    return this.idle.flush();
  }

  /**
   * Runs a parked event's commands again (after a fix, or once the state that refused them has
   * changed); their derived ids make those that had acted append nothing. True when all of them
   * went through and the event is no longer parked; else it stays parked with the new error.
   */
  async retry(event: AllEvent): Promise<boolean> {
    for (const command of this.process.react(event)) {
      if (!(await this.run(command, event))) return false;
    }
    await this.readStore.unpark(this.process.name, event.id);
    return true;
  }

  async apply(batch: readonly AllEvent[]): Promise<void> {
    if (batch.length === 0) return;
    let acted = false;
    for (const event of batch) {
      if (!this.process.handles.has(event.type)) continue;
      for (const command of this.process.react(event)) {
        await this.run(command, event);
        acted = true;
      }
    }
    const position = batch[batch.length - 1].position;
    if (!acted && this.idle.defer(position)) return;
    await this.readStore.commit(this.process.name, [], position);
    this.idle.stored();
  }

  /** False when the command failed for good and the event was parked. */
  private async run(command: ICommand, event: AllEvent): Promise<boolean> {
    const maxAttempts = this.options.maxAttempts ?? 3;
    let lastError: unknown;
    for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
      try {
        await this.execute(command);
        return true;
      } catch (error) {
        if (error instanceof RetryLaterError || error instanceof ReadStoreUnavailableError) throw error;
        lastError = error;
        if (error instanceof DomainError) break;
        if (attempt < maxAttempts) await sleep((this.options.retryDelayMs ?? 50) * 2 ** (attempt - 1));
      }
    }
    const message = lastError instanceof Error ? `${lastError.name}: ${lastError.message}` : String(lastError);
    this.logger.warn(`parking ${event.type} ${event.streamName}@${event.revision}: ${command.constructor.name} failed: ${message}`);
    await this.readStore.park({
      projection: this.process.name,
      eventId: event.id,
      streamName: event.streamName,
      revision: event.revision,
      type: event.type,
      position: event.position,
      error: `${command.constructor.name}: ${message}`,
      attempts: maxAttempts,
      parkedAt: new Date().toISOString(),
    });
    return false;
  }
}
