import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional } from 'class-validator';
import type { AllEvent, EventStore, Position, RecordedEvent } from '@ledger/event-sourcing';
import { ProblemException } from '@ledger/platform';
import { comparePositions, formatPosition } from '@ledger/event-sourcing';
import { SqliteReadStore } from '../sqlite-read-store';
import { ensureProjectionIndexes, type Projection } from './projection';
import { ProjectionApplier } from './projection-applier';
import { ConsistencyQuery } from './read-your-writes';

/** Where in the log a historical answer stands: the instant asked for and the last event recorded by then. */
export type AsOfMark = { readonly asOf: string; readonly position: string | null };

/** Read models as they stood at an instant, in a private in-memory store the caller closes. */
export type ReadModelsAsOf = { readonly store: SqliteReadStore; readonly mark: AsOfMark; readonly events: number };

/** Which part of the log to fold: one whole category (pipeline, forecast) or a few streams (one record and what it names). */
export type AsOfSource = { readonly category: string } | { readonly streams: readonly string[] };

const PAGE = 4096;

const recordedBy = (instant: Date) => (event: RecordedEvent): boolean => Date.parse(event.recordedAt) <= instant.getTime();

/** Category pages in `$all` order after `after`, stopping at the first event recorded after the instant (positions follow commit time). */
async function* categoryUntil(eventStore: EventStore, category: string, instant: Date, after?: Position): AsyncGenerator<AllEvent[]> {
  for (;;) {
    const page = await eventStore.readCategory(category, { after, maxCount: PAGE });
    const kept = page.filter(recordedBy(instant));
    if (kept.length > 0) yield kept;
    if (kept.length < page.length || page.length < PAGE) return;
    after = page[page.length - 1].position;
  }
}

async function streamsUntil(eventStore: EventStore, streams: readonly string[], instant: Date): Promise<AllEvent[]> {
  const read = await Promise.all(streams.map((stream) => eventStore.readStream(stream)));
  return read
    .flat()
    .filter(recordedBy(instant))
    .map((event) => {
      if (!event.position) throw new Error(`The event store gave no position for ${event.streamName}@${event.revision}`);
      return event as AllEvent;
    })
    .sort((a, b) => comparePositions(a.position, b.position));
}

/** Projections applied to a private in-memory store, event batch by batch, remembering the newest position applied. */
class PrivateFold {
  readonly store = new SqliteReadStore(':memory:');
  private readonly appliers: ProjectionApplier[];
  private last: Position | null = null;
  events = 0;

  private constructor(projections: readonly Projection[]) {
    this.appliers = projections.map((projection) => new ProjectionApplier(this.store, projection));
  }

  /**
   * Cubes and unique indexes only: the indexes that only speed reads up are left out. A fold is
   * written through once and read a few times, and keeping every list's index in order on each of
   * its writes made a fold of the pipeline three times slower (bench/RESULTS.md); answers are the same.
   */
  static async of(projections: readonly Projection[]): Promise<PrivateFold> {
    const fold = new PrivateFold(projections);
    for (const projection of projections) await ensureProjectionIndexes(fold.store, projection, (index) => index.unique === true);
    return fold;
  }

  async apply(batch: readonly AllEvent[]): Promise<void> {
    if (batch.length === 0) return;
    for (const applier of this.appliers) await applier.apply(batch);
    this.events += batch.length;
    const newest = batch[batch.length - 1].position;
    if (this.last === null || comparePositions(newest, this.last) > 0) this.last = newest;
  }

  async mark(instant: Date): Promise<AsOfMark> {
    for (const applier of this.appliers) await applier.flush();
    return { asOf: instant.toISOString(), position: this.last === null ? null : formatPosition(this.last) };
  }
}

/**
 * Folds the log up to an instant through the very projections that keep today's read models, so a
 * historical answer is computed by the same code as the live one and equals what a live read
 * returned at that instant (once the projections had caught up to it).
 */
export async function readModelsAsOf(
  eventStore: EventStore,
  projections: readonly Projection[],
  source: AsOfSource,
  instant: Date,
): Promise<ReadModelsAsOf> {
  const fold = await PrivateFold.of(projections);
  try {
    if ('streams' in source) {
      await fold.apply(await streamsUntil(eventStore, source.streams, instant));
    } else {
      for await (const batch of categoryUntil(eventStore, source.category, instant)) await fold.apply(batch);
    }
    return { store: fold.store, events: fold.events, mark: await fold.mark(instant) };
  } catch (error) {
    await fold.store.close();
    throw error;
  }
}

/** A cursor nobody read for this long is dropped, with its memory. */
const IDLE_CURSOR_MS = 5 * 60_000;
/**
 * An instant this recent may still gain events: an append stamps its time before it commits. A
 * cursor that read at such an instant is dropped after the read rather than kept there.
 */
const SETTLED_AFTER_MS = 1_000;

/**
 * The fold of one category through some projections, kept between reads and moving forward only.
 * An auditor reads the pipeline at the end of a quarter, then of the next month, then compares two
 * instants: each read folds only the events recorded since the instant the cursor last reached (a
 * read at the same instant folds nothing); an earlier instant folds again from the start of the
 * log. Reads take turns, since they share one store; an idle cursor is dropped.
 */
class CategoryCursor {
  private fold: PrivateFold | null = null;
  private reached = Number.NEGATIVE_INFINITY;
  private after: Position | undefined;
  private turn: Promise<unknown> = Promise.resolve();
  private idle: NodeJS.Timeout | undefined;

  constructor(
    private readonly eventStore: EventStore,
    private readonly projections: readonly Projection[],
    private readonly category: string,
  ) {}

  read<T>(instant: Date, read: (store: SqliteReadStore, mark: AsOfMark) => Promise<T>): Promise<{ answer: T; mark: AsOfMark }> {
    return this.inTurn(async () => {
      clearTimeout(this.idle);
      try {
        if (this.fold === null || instant.getTime() < this.reached) await this.restart();
        const fold = this.fold!;
        for await (const batch of categoryUntil(this.eventStore, this.category, instant, this.after)) {
          await fold.apply(batch);
          this.after = batch[batch.length - 1].position;
        }
        this.reached = instant.getTime();
        const mark = await fold.mark(instant);
        const answer = await read(fold.store, mark);
        if (instant.getTime() > Date.now() - SETTLED_AFTER_MS) await this.drop();
        return { answer, mark };
      } catch (error) {
        // A fold that failed half-way is not kept: the next read starts from the log again.
        await this.drop();
        throw error;
      } finally {
        this.idle = setTimeout(() => void this.inTurn(() => this.drop()), IDLE_CURSOR_MS).unref();
      }
    });
  }

  private inTurn<T>(work: () => Promise<T>): Promise<T> {
    const next = this.turn.then(work);
    this.turn = next.catch(() => undefined);
    return next;
  }

  private async restart(): Promise<void> {
    await this.drop();
    this.fold = await PrivateFold.of(this.projections);
  }

  private async drop(): Promise<void> {
    const fold = this.fold;
    this.fold = null;
    this.reached = Number.NEGATIVE_INFINITY;
    this.after = undefined;
    await fold?.store.close();
  }
}

const cursors = new WeakMap<EventStore, Map<string, CategoryCursor>>();

function cursorOf(eventStore: EventStore, projections: readonly Projection[], category: string): CategoryCursor {
  const ofStore = cursors.get(eventStore) ?? cursors.set(eventStore, new Map()).get(eventStore)!;
  const key = `${category}:${projections.map((projection) => projection.name).join(',')}`;
  const cursor = ofStore.get(key) ?? new CategoryCursor(eventStore, projections, category);
  ofStore.set(key, cursor);
  return cursor;
}

/**
 * The read models of a category at each of several instants (ascending), read from the category's
 * cursor as it moves forward: comparing two moments folds the log once.
 */
export async function readAtInstants<T>(
  eventStore: EventStore,
  projections: readonly Projection[],
  category: string,
  instants: readonly Date[],
  read: (store: SqliteReadStore, mark: AsOfMark) => Promise<T>,
): Promise<Array<{ answer: T; mark: AsOfMark }>> {
  const cursor = cursorOf(eventStore, projections, category);
  const answers: Array<{ answer: T; mark: AsOfMark }> = [];
  for (const instant of instants) answers.push(await cursor.read(instant, read));
  return answers;
}

/** `?asOf=`: answer as the system knew it at that recorded instant, folded from the log. */
export class AsOfQuery extends ConsistencyQuery {
  @ApiPropertyOptional({
    example: '2026-06-30T23:59:59Z',
    description: 'An ISO-8601 instant: answer as the system knew it then, folded from the log (historical: no ETag, Memento-Datetime header)',
  })
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true })
  asOf?: string;
}

/** The instant of an `asOf`, which must not lie ahead: the log knows nothing of the future. */
export function asOfInstant(asOf: string | undefined, now: Date): Date | undefined {
  if (asOf === undefined) return undefined;
  const instant = new Date(asOf);
  if (instant.getTime() > now.getTime()) {
    throw new ProblemException(400, 'as-of-in-future', `asOf ${asOf} is after now (${now.toISOString()}); history ends at the present`);
  }
  return instant;
}

/** An answer that may stand at a past instant: then `historical` says which, and it is not the present. */
export type Historical<T> = T & { readonly historical?: AsOfMark };

/** Runs a read against the read models as of an instant, then discards them. */
export async function readAsOf<T>(
  eventStore: EventStore,
  projections: readonly Projection[],
  source: AsOfSource,
  instant: Date,
  read: (store: SqliteReadStore) => Promise<T>,
): Promise<{ answer: T; mark: AsOfMark }> {
  if ('category' in source) return cursorOf(eventStore, projections, source.category).read(instant, (store) => read(store));
  const { store, mark } = await readModelsAsOf(eventStore, projections, source, instant);
  try {
    return { answer: await read(store), mark };
  } finally {
    await store.close();
  }
}

/** One record as the system knew it at an instant (null when it did not exist yet), read by the live read's own code. */
export async function recordAsOf<T extends object>(
  eventStore: EventStore,
  projections: readonly Projection[],
  streams: readonly string[],
  instant: Date,
  read: (store: SqliteReadStore) => Promise<T | null>,
): Promise<Historical<T> | null> {
  const { answer, mark } = await readAsOf(eventStore, projections, { streams }, instant, read);
  return answer === null ? null : { ...answer, historical: mark };
}
