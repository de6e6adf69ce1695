import { type EventStore, type ReadAllOptions, SqliteEventStore } from '@ledger/event-sourcing';
import type { SqliteReadStore } from '../sqlite-read-store';
import { readAsOf, readModelsAsOf } from './as-of';
import type { Projection } from './projection';

/** Counts each stream's events: enough to tell which events a fold applied. */
const counting: Projection = {
  name: 'counting',
  collections: ['counts'],
  handles: new Set(['Noted']),
  project: (event) => [{ op: 'upsert', collection: 'counts', id: event.streamName, update: { $inc: { n: 1 } } }],
};

const countsIn = async (store: SqliteReadStore): Promise<Record<string, number>> =>
  Object.fromEntries((await store.find<{ _id: string; n: number }>('counts', {})).map((document) => [document._id, document.n]));

const note = (store: EventStore, stream: string): Promise<unknown> =>
  store.append(stream, [{ id: crypto.randomUUID(), type: 'Noted', data: {}, metadata: { commandId: 'c', correlationId: 'c', causationId: 'c', actor: { userId: 'u', role: 'admin' }, occurredAt: new Date().toISOString(), schemaVersion: 1 } }], 'any');

/** An instant between two appends: the log's clock has millisecond resolution. */
const between = async (): Promise<Date> => {
  await new Promise((resolve) => setTimeout(resolve, 3));
  const instant = new Date();
  await new Promise((resolve) => setTimeout(resolve, 3));
  return instant;
};

const freshly = async (store: EventStore, instant: Date): Promise<Record<string, number>> => {
  const { store: models } = await readModelsAsOf(store, [counting], { category: 'note' }, instant);
  try {
    return await countsIn(models);
  } finally {
    await models.close();
  }
};

describe('Reads of a category as of an instant (the cursor kept between them)', () => {
  let store: SqliteEventStore;
  let early: Date;
  let late: Date;
  const afters: Array<ReadAllOptions['after']> = [];

  beforeAll(async () => {
    store = new SqliteEventStore(':memory:');
    await note(store, 'note-a');
    await note(store, 'note-b');
    early = await between();
    await note(store, 'note-a');
    late = await between();
    await note(store, 'note-b');
    // Only instants settled for a second are kept by the cursor.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const readCategory = store.readCategory.bind(store);
    jest.spyOn(store, 'readCategory').mockImplementation((category, options) => {
      afters.push(options?.after);
      return readCategory(category, options);
    });
  });

  afterAll(() => store.close());

  const asOf = async (instant: Date) => (await readAsOf(store, [counting], { category: 'note' }, instant, countsIn)).answer;

  it('answers as a fresh fold does, moving forward', async () => {
    expect(await asOf(early)).toEqual(await freshly(store, early));
    expect(await asOf(late)).toEqual({ 'note-a': 2, 'note-b': 1 });
  });

  it('folds only what was recorded since the instant it reached when it moves forward', async () => {
    afters.length = 0;
    await asOf(early);
    await asOf(late);
    // The second read starts after the last event the first applied (position 2), not from the start of the log.
    expect(afters.filter((after) => after === undefined)).toHaveLength(1);
    expect(afters.at(-1)).toEqual({ commit: 2n, prepare: 2n });
  });

  it('answers an earlier instant by folding again from the start', async () => {
    await asOf(late);
    expect(await asOf(early)).toEqual({ 'note-a': 1, 'note-b': 1 });
  });
});
