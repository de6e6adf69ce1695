import type { Event } from './event';
import { combinedCodec, eventCodec, UnknownEventError } from './event-codec';

type Renamed = Event<'Renamed', { name: string; by: string; reason: string | null }>;
type Archived = Event<'Archived', { at: string }>;
type Credited = Event<'Credited', { amount: number }>;

// Version 1 had only `name`; version 2 added `by`; version 3 added `reason`.
const thingEvents = eventCodec<Renamed | Archived>(
  { Renamed: 3, Archived: 1 },
  {
    Renamed: {
      1: (data) => ({ ...data, by: 'unknown' }),
      2: (data) => ({ ...data, reason: null }),
    },
  },
);
const ledgerEvents = eventCodec<Credited>({ Credited: 1 });

describe('eventCodec', () => {
  it('lifts an event stored at version 1 through every upcaster to the current shape', () => {
    expect(thingEvents.decode({ type: 'Renamed', data: { name: 'Acme' }, metadata: { schemaVersion: 1 } })).toEqual({
      type: 'Renamed',
      data: { name: 'Acme', by: 'unknown', reason: null },
    });
  });

  it('lifts an event from the version it was written at, not from the first', () => {
    expect(thingEvents.decode({ type: 'Renamed', data: { name: 'Acme', by: 'ana' }, metadata: { schemaVersion: 2 } }).data).toEqual({
      name: 'Acme',
      by: 'ana',
      reason: null,
    });
  });

  it('reads an event without a schema version as version 1', () => {
    expect(thingEvents.decode({ type: 'Renamed', data: { name: 'Acme' } }).data).toEqual({ name: 'Acme', by: 'unknown', reason: null });
  });

  it('leaves an event at the current version as it is', () => {
    const current = { type: 'Renamed', data: { name: 'Acme', by: 'ana', reason: 'typo' } };
    expect(thingEvents.decode({ ...current, metadata: { schemaVersion: 3 } })).toEqual(current);
  });

  it('refuses a type it does not know, and a version newer than the code', () => {
    expect(() => thingEvents.decode({ type: 'Deleted', data: {} })).toThrow(UnknownEventError);
    expect(() => thingEvents.decode({ type: 'Archived', data: { at: 'x' }, metadata: { schemaVersion: 2 } })).toThrow(/schema version 2/);
  });

  it('refuses to be made with a version that has no upcaster from an older one', () => {
    expect(() => eventCodec<Renamed>({ Renamed: 3 }, { Renamed: { 1: (data) => data } })).toThrow('Renamed is at version 3 but has no upcaster from version 2');
  });

  it('does not compile when a type of the union is missing from the versions (a projection cannot skip it unseen)', () => {
    // @ts-expect-error `Archived` is missing: `npm run typecheck` fails if this ever compiles.
    const incomplete = eventCodec<Renamed | Archived>({ Renamed: 1 });
    expect(incomplete.handles('Archived')).toBe(false);
  });

  it('answers the version new events of each type are written with, and which types it handles', () => {
    expect([thingEvents.version('Renamed'), thingEvents.version('Archived')]).toEqual([3, 1]);
    expect([thingEvents.handles('Archived'), thingEvents.handles('Credited')]).toEqual([true, false]);
    expect(thingEvents.types).toEqual(['Renamed', 'Archived']);
  });

  it('combines codecs: each event is decoded by the codec of its aggregate', () => {
    const both = combinedCodec<Renamed | Archived | Credited>(thingEvents, ledgerEvents);
    expect(both.decode({ type: 'Credited', data: { amount: 5 } })).toEqual({ type: 'Credited', data: { amount: 5 } });
    expect(both.decode({ type: 'Renamed', data: { name: 'Acme' } }).data).toEqual({ name: 'Acme', by: 'unknown', reason: null });
    expect([both.version('Renamed'), both.is({ type: 'Credited', data: { amount: 1 } }), both.is({ type: 'Other', data: {} })]).toEqual([3, true, false]);
  });
});
