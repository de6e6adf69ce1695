import type { AllEvent, EventSubscription } from './event-store.port';
import type { Position } from './position';

type ReadPage = (after: Position | undefined, maxCount: number) => AllEvent[] | Promise<AllEvent[]>;

const PAGE_SIZE = 1024;
/** Catches appends by other processes on the same file (a CLI import), which send no notification. */
const POLL_INTERVAL_MS = 200;

/**
 * Catch-up then live delivery over a log that can be read in pages: read pages until one comes
 * back empty, then sleep until the store says something was appended (or the poll interval ends).
 */
export class LogSubscription implements EventSubscription {
  private wake: (() => void) | null = null;
  private closed = false;

  constructor(
    private readonly readPage: ReadPage,
    private after: Position | undefined,
    private readonly onClose: () => void,
  ) {}

  notify(): void {
    this.wake?.();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.onClose();
    this.notify();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<AllEvent> {
    while (!this.closed) {
      const page = await this.readPage(this.after, PAGE_SIZE);
      for (const event of page) {
        if (this.closed) return;
        this.after = event.position;
        yield event;
      }
      if (page.length === 0) await this.sleep();
      // Catching up reads pages synchronously; without this turn of the event loop, several
      // subscribers catching up together would starve HTTP requests and group commits until done.
      else await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  private sleep(): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
      const timer = setTimeout(done, POLL_INTERVAL_MS);
      this.wake = done;
    });
  }
}
