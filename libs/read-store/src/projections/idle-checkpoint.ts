import type { Position } from '@ledger/event-sourcing';
import type { ReadStore } from '../read-store.port';

/** How long a consumer's stored checkpoint may trail the events it skipped. */
export const IDLE_CHECKPOINT_MS = 200;

/**
 * Most consumers find nothing to do in most batches (the order view in a burst of opportunity
 * events). Committing their checkpoint for each such batch cost a fifth of the API's CPU under
 * load (bench/RESULTS.md, history). So a batch that writes nothing may leave the stored
 * checkpoint behind for up to IDLE_CHECKPOINT_MS: a crash then replays events that write nothing.
 * The owner flushes when idle and on stop, from the same loop that applies batches, so a stored
 * checkpoint never moves backwards.
 */
export class IdleCheckpoint {
  private pending: Position | null = null;
  private lastStored = 0;

  constructor(
    private readonly readStore: ReadStore,
    private readonly name: string,
  ) {}

  get hasPending(): boolean {
    return this.pending !== null;
  }

  /** True when a batch that wrote nothing may skip storing `position` (it is remembered for a flush). */
  defer(position: Position): boolean {
    if (Date.now() - this.lastStored >= IDLE_CHECKPOINT_MS) return false;
    this.pending = position;
    return true;
  }

  /** The checkpoint was stored with a commit. */
  stored(): void {
    this.pending = null;
    this.lastStored = Date.now();
  }

  async flush(): Promise<void> {
    if (this.pending === null) return;
    await this.readStore.commit(this.name, [], this.pending);
    this.stored();
  }
}
