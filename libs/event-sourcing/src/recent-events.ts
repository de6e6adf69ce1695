import type { AllEvent } from './event-store.port';

type ReadAfter = (after: bigint, maxCount: number) => AllEvent[];

const deepFreeze = <T>(value: T): T => {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
};

/**
 * The newest stretch of the log, read and parsed once and shared by every subscription that reads
 * it: with fifteen consumers at the head of the log, each page used to be queried and its JSON
 * parsed fifteen times. The events are frozen, since every consumer gets the same objects.
 * It holds one contiguous run of the log (each extension is read from exactly where it ends) and
 * forgets the oldest events beyond `capacity`; a reader further behind reads the store as before.
 */
export class RecentEvents {
  private events: AllEvent[] = [];

  constructor(
    private readonly read: ReadAfter,
    private readonly capacity = 8192,
  ) {}

  /** Up to `maxCount` events after the position `after` (a sequence number), in log order. */
  after(after: bigint, maxCount: number): AllEvent[] {
    const start = this.indexAfter(after);
    if (start === -1) return this.read(after, maxCount).map(deepFreeze);
    const cached = this.events.slice(start, start + maxCount);
    if (cached.length === maxCount) return cached;
    const end = this.events.length === 0 ? after : this.events[this.events.length - 1].position.commit;
    const fresh = this.read(end, maxCount - cached.length).map(deepFreeze);
    this.events.push(...fresh);
    if (this.events.length > this.capacity) this.events = this.events.slice(this.events.length - this.capacity);
    return cached.length === 0 ? fresh : cached.concat(fresh);
  }

  /** Where the events after `after` begin in the run, or -1 when the run does not reach back to it. */
  private indexAfter(after: bigint): number {
    const events = this.events;
    if (events.length === 0) return 0;
    const first = events[0].position.commit;
    const last = events[events.length - 1].position.commit;
    if (after < first - 1n || after > last) return -1;
    let low = 0;
    let high = events.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (events[middle].position.commit <= after) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}
