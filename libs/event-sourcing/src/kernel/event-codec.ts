import type { Event } from './event';

/** An event as the log holds it: its stored name, its data, and the schema version it was written with. */
export type StoredEvent = { readonly type: string; readonly data: unknown; readonly metadata?: { readonly schemaVersion?: number } };

/** Lifts the data of an event stored at one schema version to the next version's shape. */
export type Upcaster = (data: Readonly<Record<string, unknown>>) => Record<string, unknown>;

/** Each event type's current schema version: the compiler refuses a list that misses a type of the union. */
export type EventVersions<E extends Event> = { readonly [Type in E['type']]: number };

/** Per type, the upcaster from each older version `v` to `v + 1`. */
export type Upcasters<E extends Event> = { readonly [Type in E['type']]?: Readonly<Record<number, Upcaster>> };

/**
 * An aggregate's events as the log holds them (../shared/DESIGN.md rule 3: stored events are never
 * edited). Every reader of the log — a command loading its stream, a projection, a process
 * manager, the streams endpoint — decodes through it, so the rest of the code sees only the current
 * shape of each event, and a new field is added by a version and an upcaster instead of an
 * optional field every reader must remember to default.
 */
export type EventCodec<E extends Event> = {
  readonly types: readonly E['type'][];
  /** Whether a stored event is one of these. */
  handles(type: string): type is E['type'];
  /** Whether a decoded event (of a wider union) is one of these. */
  is(event: Event): event is E;
  /** The schema version new events of this type are written with. */
  version(type: E['type']): number;
  /** The stored event in the current shape of its type, upcast one version at a time. */
  decode(stored: StoredEvent): E;
};

export class UnknownEventError extends Error {
  override name = 'UnknownEventError';
}

export function eventCodec<E extends Event>(versions: EventVersions<E>, upcasters: Upcasters<E> = {}): EventCodec<E> {
  const table = versions as Readonly<Record<string, number>>;
  const lifts = upcasters as Readonly<Record<string, Readonly<Record<number, Upcaster>> | undefined>>;
  for (const [type, current] of Object.entries(table)) {
    if (!Number.isInteger(current) || current < 1) throw new Error(`${type}: a schema version is a whole number from 1`);
    for (let version = 1; version < current; version += 1) {
      if (!lifts[type]?.[version]) throw new Error(`${type} is at version ${current} but has no upcaster from version ${version}`);
    }
  }
  const handles = (type: string): type is E['type'] => Object.prototype.hasOwnProperty.call(table, type);
  return {
    types: Object.keys(table) as E['type'][],
    handles,
    is: (event: Event): event is E => handles(event.type),
    version: (type) => table[type],
    decode: (stored) => {
      if (!handles(stored.type)) throw new UnknownEventError(`${stored.type} is none of ${Object.keys(table).join(', ')}`);
      const current = table[stored.type];
      const written = stored.metadata?.schemaVersion ?? 1;
      if (written > current) throw new UnknownEventError(`${stored.type} was written at schema version ${written}; this code knows ${current}`);
      let data = stored.data as Record<string, unknown>;
      for (let version = written; version < current; version += 1) data = lifts[stored.type]![version](data);
      // The one place a stored payload becomes a typed event: its type is known and its data lifted to the current shape.
      return { type: stored.type, data } as E;
    },
  };
}

/** Several aggregates' codecs as one, for a reader of all their events (a projection across aggregates). */
export function combinedCodec<E extends Event>(...codecs: readonly EventCodec<E>[]): EventCodec<E> {
  const owner = (type: string): EventCodec<E> | undefined => codecs.find((codec) => codec.handles(type));
  return {
    types: codecs.flatMap((codec) => codec.types),
    handles: (type: string): type is E['type'] => owner(type) !== undefined,
    is: (event: Event): event is E => owner(event.type) !== undefined,
    version: (type) => owner(type)!.version(type),
    decode: (stored) => {
      const codec = owner(stored.type);
      if (!codec) throw new UnknownEventError(`${stored.type} is none of the events read here`);
      return codec.decode(stored);
    },
  };
}
