import { Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import type { EventStore, RecordedEvent, SnapshotStore, StreamSnapshot } from './event-store.port';
import type { Decider, Event, EventCodec } from './kernel';
import type { Position } from './position';
import { categoryOf } from './stream-name';

/** What folds an aggregate's streams: its decider (with its version) and its events' codec. */
export type StreamFolding<State, E extends Event> = {
  readonly decider: Pick<Decider<unknown, State, E>, 'initialState' | 'evolve' | 'version'>;
  readonly codec: EventCodec<E>;
};

export type FoldedStream<State> = {
  readonly state: State;
  /** Revision of the stream's last event; -1 for a missing stream. */
  readonly revision: number;
  /** Position of the stream's last event, where the store gives one on stream reads. */
  readonly position: Position | null;
  /** The newest event of the command looked for, when that command is in the stream. */
  readonly earlier: RecordedEvent | null;
};

/** A snapshot read, checked and parsed. */
type UsableSnapshot<State> = {
  readonly revision: number;
  /** The id of the event at `revision`: the snapshot is of this stream's history only if that event is still there. */
  readonly eventId: string;
  readonly state: State;
  /** 32-bit hashes (FNV-1a, little-endian) of the command ids folded into it. */
  readonly commands: Buffer;
};

type SnapshotBody<State> = { readonly eventId: string; readonly commands: string; readonly state: State };

const logger = new Logger('Snapshots');

/**
 * A stream's state, folded from its snapshot and the events after it when the store keeps one
 * for this aggregate, else from all its events; with `commandId`, also the newest event of that
 * command (a retried command answers its first outcome).
 *
 * A snapshot is used only when all of this holds, else the stream is folded in full (and a new
 * snapshot replaces the old): it is of the same decider and event schema versions (`snapshotVersion`);
 * its checksum matches (a corrupt one is ignored); the event at its revision is still the one it
 * was taken after (a log restored or cut back is another history); and the command looked for is
 * not among the command ids folded into it (a 32-bit hash of each is kept, so a retry of a command
 * before the snapshot is still recognised: a match, true or a one-in-four-billion collision per
 * id, means a full fold, as without snapshots).
 * A load that folded `every` events or more past the snapshot (or the stream's start) writes a new
 * one at the revision it read, after the current turn of the event loop: never on the append's path.
 */
export async function foldStream<State, E extends Event>(
  store: EventStore,
  { decider, codec }: StreamFolding<State, E>,
  streamName: string,
  commandId?: string,
): Promise<FoldedStream<State>> {
  const snapshots = store.snapshotsFor(codec.types);
  const version = snapshots === null ? '' : snapshotVersion(decider, codec);
  const snapshot = snapshots === null ? null : await readSnapshot<State>(snapshots, streamName, version);
  if (snapshots !== null && snapshot !== null && !(commandId !== undefined && holdsCommand(snapshot.commands, commandId))) {
    const recorded = await store.readStream(streamName, { fromRevision: snapshot.revision });
    const [first] = recorded;
    if (first !== undefined && first.revision === snapshot.revision && first.id === snapshot.eventId) {
      const folded = foldEvents(decider, codec, snapshot.state, recorded, 1, commandId);
      if (recorded.length - 1 >= snapshots.every) {
        scheduleSnapshot(snapshots, streamName, version, folded, recorded.at(-1)!, Buffer.concat([snapshot.commands, commandHashes(recorded, 1)]));
      }
      return folded;
    }
  }
  const recorded = await store.readStream(streamName);
  const folded = foldEvents(decider, codec, decider.initialState(), recorded, 0, commandId);
  // A snapshot passed over for a retried command is still good: no new one until `every` events past it.
  const base = snapshot !== null && recorded[snapshot.revision - (recorded[0]?.revision ?? 0)]?.id === snapshot.eventId ? snapshot.revision : -1;
  if (snapshots !== null && folded.revision - base >= snapshots.every) {
    scheduleSnapshot(snapshots, streamName, version, folded, recorded.at(-1)!, commandHashes(recorded, 0));
  }
  return folded;
}

function foldEvents<State, E extends Event>(
  decider: StreamFolding<State, E>['decider'],
  codec: EventCodec<E>,
  initial: State,
  recorded: readonly RecordedEvent[],
  from: number,
  commandId: string | undefined,
): FoldedStream<State> {
  let state = initial;
  let earlier: RecordedEvent | null = null;
  for (let index = from; index < recorded.length; index += 1) {
    const event = recorded[index];
    state = decider.evolve(state, codec.decode(event));
    if (commandId !== undefined && event.metadata.commandId === commandId) earlier = event;
  }
  const last = recorded.at(-1);
  return { state, revision: last?.revision ?? -1, position: last?.position ?? null, earlier };
}

const versions = new WeakMap<object, string>();

/**
 * The version a snapshot is kept under: the decider's own, and a digest of its events' types and
 * schema versions, so that a new event version (with its upcaster, which changes what `evolve`
 * sees) invalidates snapshots even if the decider's version was not raised.
 */
export function snapshotVersion(decider: Pick<Decider<unknown, unknown, Event>, 'version'>, codec: EventCodec<Event>): string {
  let events = versions.get(codec);
  if (events === undefined) {
    const table = [...codec.types].sort().map((type) => `${type}@${codec.version(type)}`);
    events = createHash('sha256').update(table.join(',')).digest('hex').slice(0, 12);
    versions.set(codec, events);
  }
  return `${decider.version}.${events}`;
}

/** The snapshot's content: a SHA-256 of what it says, a newline, then the JSON of its body. */
const checksum = (snapshot: Omit<StreamSnapshot, 'data'>, body: string): string =>
  createHash('sha256').update(`${snapshot.streamName}\n${snapshot.revision}\n${snapshot.version}\n${body}`).digest('hex');

async function readSnapshot<State>(snapshots: SnapshotStore, streamName: string, version: string): Promise<UsableSnapshot<State> | null> {
  let stored: StreamSnapshot | null;
  try {
    stored = await snapshots.read(streamName);
  } catch (error) {
    logger.warn(`Snapshot of ${streamName} unreadable, folding the stream in full: ${String(error)}`);
    return null;
  }
  if (stored === null || stored.version !== version) return null;
  const parsed = parseSnapshot<State>(stored);
  if (parsed === null) logger.warn(`Snapshot of ${streamName} at revision ${stored.revision} is corrupt: ignored, the stream is folded in full`);
  return parsed;
}

function parseSnapshot<State>(stored: StreamSnapshot): UsableSnapshot<State> | null {
  const newline = stored.data.indexOf('\n');
  if (newline < 0) return null;
  const body = stored.data.slice(newline + 1);
  if (stored.data.slice(0, newline) !== checksum(stored, body)) return null;
  try {
    const parsed = JSON.parse(body) as Partial<SnapshotBody<State>>;
    if (typeof parsed.eventId !== 'string' || typeof parsed.commands !== 'string' || !('state' in parsed)) return null;
    return { revision: stored.revision, eventId: parsed.eventId, state: parsed.state as State, commands: Buffer.from(parsed.commands, 'base64') };
  } catch {
    return null;
  }
}

/** 32-bit FNV-1a of a command id. */
function commandHash(commandId: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < commandId.length; index += 1) {
    hash ^= commandId.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

function holdsCommand(commands: Buffer, commandId: string): boolean {
  const hash = commandHash(commandId);
  for (let offset = 0; offset + 4 <= commands.length; offset += 4) if (commands.readUInt32LE(offset) === hash) return true;
  return false;
}

/** The hashes of the command ids of `recorded` from `from` on; a command's events are consecutive, so it is counted once. */
function commandHashes(recorded: readonly RecordedEvent[], from: number): Buffer {
  const hashes: number[] = [];
  let previous: string | undefined;
  for (let index = from; index < recorded.length; index += 1) {
    const commandId = recorded[index].metadata.commandId;
    if (commandId === previous) continue;
    previous = commandId;
    hashes.push(commandHash(commandId));
  }
  const buffer = Buffer.allocUnsafe(hashes.length * 4);
  hashes.forEach((hash, index) => buffer.writeUInt32LE(hash, index * 4));
  return buffer;
}

/** Streams whose snapshot is being written, per store: concurrent loads of a long stream write it once. */
const writing = new WeakMap<SnapshotStore, Set<string>>();
const inFlight = new Set<Promise<void>>();
const unsafeVersions = new Set<string>();

function scheduleSnapshot<State>(
  snapshots: SnapshotStore,
  streamName: string,
  version: string,
  folded: FoldedStream<State>,
  last: RecordedEvent,
  commands: Buffer,
): void {
  let streams = writing.get(snapshots);
  if (streams === undefined) writing.set(snapshots, (streams = new Set()));
  if (streams.has(streamName)) return;
  streams.add(streamName);
  const written = new Promise<void>((resolve) => setImmediate(resolve))
    .then(() => {
      const body = JSON.stringify({ eventId: last.id, commands: commands.toString('base64'), state: folded.state } satisfies SnapshotBody<State>);
      // A state that JSON does not carry exactly (undefined fields, dates, maps, class instances) is
      // never snapshotted: a load from it would not be the fold.
      if (!isDeepStrictEqual((JSON.parse(body) as SnapshotBody<State>).state, folded.state)) {
        const aggregate = `${categoryOf(streamName)}@${version}`;
        if (!unsafeVersions.has(aggregate)) {
          unsafeVersions.add(aggregate);
          logger.warn(`The state of ${streamName} does not survive JSON unchanged: its aggregate is not snapshotted`);
        }
        return;
      }
      const snapshot = { streamName, revision: folded.revision, version };
      return snapshots.write({ ...snapshot, data: `${checksum(snapshot, body)}\n${body}` });
    })
    .catch((error: unknown) => logger.warn(`Snapshot of ${streamName} not written: ${String(error)}`))
    .finally(() => {
      streams.delete(streamName);
      inFlight.delete(written);
    });
  inFlight.add(written);
}

/** Resolves once every snapshot write scheduled so far has finished (tests, benchmarks, a clean shutdown). */
export async function snapshotWritesSettled(): Promise<void> {
  while (inFlight.size > 0) await Promise.all([...inFlight]);
}
