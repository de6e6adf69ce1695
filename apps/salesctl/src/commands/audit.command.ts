import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Writable } from 'node:stream';
import { type Command, InvalidArgumentError } from 'commander';
import {
  type AllEvent,
  type ChainMismatch,
  ChainVerifier,
  type ChainVerification,
  type EventStore,
  GENESIS_HASH,
  type Position,
  type RecordedEvent,
  canonicalJson,
  canonicalOf,
  chainHash,
  comparePositions,
  formatPosition,
  openEventStore,
  parsePosition,
} from '@ledger/event-sourcing';
import { loadAppConfig } from '@ledger/platform';
import { salesLogSettings } from '@ledger/sales';

const EXPORT_FORMAT = 'sales-ledger-audit-export';
const PAGE = 4096;
const HASH_RULE =
  'streamHash and logHash: lowercase hex SHA-256 of the previous hash (64 hex characters; 64 zeros first) followed by the RFC 8785 (JCS) form of {type, data, metadata, stream, revision}; streamHash chains a stream in revision order, logHash the log in position order';

type ExportScope = { readonly stream: string } | { readonly fromPosition: string; readonly toPosition: string };

/** The first line of an export: what it holds and where its chain starts. */
type ExportHeader = {
  readonly format: typeof EXPORT_FORMAT;
  readonly version: 1;
  readonly scope: ExportScope;
  /** The chain an export is verified by: a stream's (a stream export) or the log's (a range export). */
  readonly chain: 'stream' | 'log';
  /** The hash the chain starts from: 64 zeros for a stream, the logHash of the event before the range for a range. */
  readonly previousHash: string;
  readonly hashes: string;
  readonly exportedAt: string;
};

/** Every other line: one event, with its hashes and its stream predecessor's. */
type ExportLine = {
  readonly position: string | null;
  readonly stream: string;
  readonly revision: number;
  readonly id: string;
  readonly type: string;
  readonly data: unknown;
  readonly metadata: object;
  readonly recordedAt: string;
  readonly previousStreamHash: string;
  readonly streamHash: string;
  readonly logHash: string | null;
};

const parsePositionOption = (value: string): string => {
  if (parsePosition(value) === null) throw new InvalidArgumentError('a log position, as answers give them (e.g. 1234)');
  return value;
};

/**
 * Opens the store the API uses (DATA_DIR or EVENTSTORE_URL), runs the work on its stored form (what
 * the chain covers: contacts' personal data as ciphertext), closes it.
 */
async function withEventStore<T>(work: (store: EventStore) => Promise<T>): Promise<T> {
  const config = loadAppConfig(process.env);
  const store = openEventStore(salesLogSettings(config));
  try {
    return await work(store.stored);
  } finally {
    await store.close();
  }
}

const describeMismatch = (mismatch: ChainMismatch<string | null>): string =>
  `event ${mismatch.stream}@${mismatch.revision} at position ${mismatch.position ?? '?'} does not match its ${mismatch.chain === 'stream' ? 'stream' : 'log'} chain: expected ${mismatch.expected}, found ${mismatch.found}`;

function report(result: ChainVerification<string | null>, what: string): void {
  if (result.firstMismatch) {
    process.stdout.write(`MISMATCH in ${what}: ${describeMismatch(result.firstMismatch)} (${result.checked} events checked)\n`);
    process.exitCode = 1;
    return;
  }
  process.stdout.write(`OK: ${result.checked} events of ${what} checked; head hash ${result.headHash ?? '(none: nothing to check)'}\n`);
}

async function write(out: Writable, line: string): Promise<void> {
  if (!out.write(`${line}\n`)) await once(out, 'drain');
}

/** The log's hash after an event: stored by the embedded store, computed in `$all` order on EventStoreDB. */
const logHashAfter = (event: RecordedEvent, previous: string): string => event.logHash ?? chainHash(previous, canonicalOf(event));

const toLine = (event: RecordedEvent, previousStreamHash: string, logHash: string | null): ExportLine => ({
  position: event.position ? formatPosition(event.position) : null,
  stream: event.streamName,
  revision: event.revision,
  id: event.id,
  type: event.type,
  data: event.data,
  metadata: event.metadata,
  recordedAt: event.recordedAt,
  previousStreamHash,
  streamHash: event.streamHash ?? chainHash(previousStreamHash, canonicalOf(event)),
  logHash,
});

async function exportStream(store: EventStore, stream: string, out: Writable): Promise<number> {
  const header: ExportHeader = { format: EXPORT_FORMAT, version: 1, scope: { stream }, chain: 'stream', previousHash: GENESIS_HASH, hashes: HASH_RULE, exportedAt: new Date().toISOString() };
  await write(out, JSON.stringify(header));
  let previous = GENESIS_HASH;
  let count = 0;
  for (let from = 0; ; from += PAGE) {
    const events = await store.readStream(stream, { fromRevision: from, maxCount: PAGE });
    for (const event of events) {
      const line = toLine(event, previous, event.logHash ?? null);
      await write(out, JSON.stringify(line));
      previous = line.streamHash;
      count += 1;
    }
    if (events.length < PAGE) return count;
  }
}

async function exportRange(store: EventStore, from: Position, to: Position, out: Writable): Promise<number> {
  let logHash = await store.logHashBefore(from);
  const header: ExportHeader = {
    format: EXPORT_FORMAT,
    version: 1,
    scope: { fromPosition: formatPosition(from), toPosition: formatPosition(to) },
    chain: 'log',
    previousHash: logHash,
    hashes: HASH_RULE,
    exportedAt: new Date().toISOString(),
  };
  await write(out, JSON.stringify(header));
  const streamTips = new Map<string, string>();
  const previousInStream = async (event: AllEvent): Promise<string> => {
    if (event.revision === 0) return GENESIS_HASH;
    const known = streamTips.get(event.streamName);
    if (known !== undefined) return known;
    const [before] = await store.readStream(event.streamName, { fromRevision: event.revision - 1, maxCount: 1 });
    return before?.streamHash ?? GENESIS_HASH;
  };
  let count = 0;
  let after = await readStart(store, from);
  for (;;) {
    const events = await store.readAll({ after, maxCount: PAGE });
    for (const event of events) {
      if (comparePositions(event.position, from) < 0) continue;
      if (comparePositions(event.position, to) > 0) return count;
      logHash = logHashAfter(event, logHash);
      const line = toLine(event, await previousInStream(event), logHash);
      await write(out, JSON.stringify(line));
      streamTips.set(event.streamName, line.streamHash);
      count += 1;
    }
    if (events.length < PAGE) return count;
    after = events[events.length - 1].position;
  }
}

/**
 * Where a read of the log from `from` (inclusive) starts: reads are exclusive of their `after`,
 * and the embedded store's positions are consecutive integers, so after `from - 1`; EventStoreDB
 * refuses a position that is no event's, so there the log is read from its start (events before
 * `from` are skipped).
 */
async function readStart(store: EventStore, from: Position): Promise<Position | undefined> {
  const before = from.commit === 0n ? undefined : { commit: from.commit - 1n, prepare: from.commit - 1n };
  return store.readAll({ after: before, maxCount: 1 }).then(
    () => before,
    () => undefined,
  );
}

/**
 * Checks an export with nothing but the file: a stream export by its stream chain from 64 zeros,
 * a range export by the log chain from its header's previousHash (and each stream's chain where
 * the export holds the event before).
 */
async function verifyExport(file: string): Promise<{ result: ChainVerification<string | null>; header: ExportHeader } | { error: string }> {
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  let header: ExportHeader | null = null;
  let verifier: ChainVerifier<string | null> | null = null;
  let current: ExportLine | null = null;
  let lastPosition: Position | null = null;
  let number = 0;
  for await (const text of lines) {
    number += 1;
    if (text.trim() === '') continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return { error: `line ${number} is not JSON` };
    }
    if (header === null) {
      header = parsed as ExportHeader;
      if (header.format !== EXPORT_FORMAT || header.version !== 1) return { error: `line 1 is not the header of a ${EXPORT_FORMAT} (version 1)` };
      const range = header.chain === 'log';
      // A range may start in the middle of a stream: its line names the hash before it.
      verifier = new ChainVerifier<string | null>(range ? header.previousHash : null, range ? () => current?.previousStreamHash : () => undefined);
      continue;
    }
    const line = parsed as ExportLine;
    current = line;
    const scope = header.scope;
    if ('stream' in scope && line.stream !== scope.stream) return { error: `line ${number} is an event of ${String(line.stream)}, not of the exported stream ${scope.stream}` };
    if ('fromPosition' in scope) {
      const position = line.position === null ? null : parsePosition(String(line.position));
      if (position === null) return { error: `line ${number} has no log position` };
      if (lastPosition !== null && comparePositions(position, lastPosition) <= 0) return { error: `line ${number} is out of log order` };
      lastPosition = position;
    }
    let data: string;
    let metadata: string;
    try {
      data = canonicalJson(line.data);
      metadata = canonicalJson(line.metadata);
    } catch {
      return { error: `line ${number} has data or metadata without a JSON form` };
    }
    verifier?.check({
      position: line.position,
      stream: String(line.stream),
      revision: Number(line.revision),
      type: String(line.type),
      data,
      metadata,
      streamHash: String(line.streamHash),
      logHash: header.chain === 'log' ? String(line.logHash) : null,
    });
  }
  if (header === null || verifier === null) return { error: 'the file is empty: no header line' };
  return { result: verifier.result(), header };
}

const withWirePositions = (result: ChainVerification): ChainVerification<string | null> => ({
  ...result,
  firstMismatch: result.firstMismatch && { ...result.firstMismatch, position: result.firstMismatch.position && formatPosition(result.firstMismatch.position) },
});

/** `salesctl audit verify|export|verify-export`: the hash chain from the command line. */
export function registerAuditCommand(program: Command): void {
  const audit = program.command('audit').description('Audit the log: verify its hash chain, export events with their hashes, verify an export offline, receipts of erasures');

  audit
    .command('verify')
    .description('Re-compute the hash chain of the log (or of one stream, or a range) and name the first event that does not match (exit 1)')
    .option('--stream <stream>', 'one stream, e.g. opportunity-<id>')
    .option('--from <position>', 'first position of a range (inclusive)', parsePositionOption)
    .option('--to <position>', 'last position of a range (inclusive)', parsePositionOption)
    .action(async (options: { stream?: string; from?: string; to?: string }) => {
      if (options.stream !== undefined && (options.from !== undefined || options.to !== undefined)) {
        throw new Error('verify one stream (--stream) or a range (--from/--to), not both');
      }
      const from = options.from === undefined ? undefined : parsePosition(options.from);
      const to = options.to === undefined ? undefined : parsePosition(options.to);
      const result = await withEventStore((store) =>
        store.verifyChain(options.stream !== undefined ? { stream: options.stream } : { ...(from ? { fromPosition: from } : {}), ...(to ? { toPosition: to } : {}) }),
      );
      report(withWirePositions(result), options.stream ?? (from || to ? `positions ${options.from ?? 'start'}…${options.to ?? 'end'}` : 'the log'));
    });

  audit
    .command('export')
    .description('Write a stream (--stream) or a range of the log (--from and --to) as JSON Lines: a header line, then every event with its hashes')
    .option('--stream <stream>', 'one stream, e.g. opportunity-<id>')
    .option('--from <position>', 'first position (inclusive)', parsePositionOption)
    .option('--to <position>', 'last position (inclusive)', parsePositionOption)
    .option('--out <file>', 'write here instead of to standard output')
    .action(async (options: { stream?: string; from?: string; to?: string; out?: string }) => {
      const anyBound = options.from !== undefined || options.to !== undefined;
      const bothBounds = options.from !== undefined && options.to !== undefined;
      if (options.stream !== undefined ? anyBound : !bothBounds) {
        throw new Error('export one stream (--stream <stream>) or one range (--from <position> --to <position>)');
      }
      const out = options.out === undefined ? process.stdout : createWriteStream(options.out);
      const count = await withEventStore((store) =>
        options.stream !== undefined
          ? exportStream(store, options.stream, out)
          : exportRange(store, parsePosition(options.from ?? '') as Position, parsePosition(options.to ?? '') as Position, out),
      );
      if (options.out !== undefined) {
        out.end();
        await once(out, 'finish');
        process.stderr.write(`Exported ${count} events to ${options.out}\n`);
      }
    });

  audit
    .command('verify-export')
    .description('Check an export with no server and no data folder: its chain from its header line (exit 1 on a mismatch)')
    .argument('<file>', 'a file written by salesctl audit export')
    .action(async (file: string) => {
      const outcome = await verifyExport(file);
      if ('error' in outcome) {
        process.stdout.write(`MISMATCH in ${file}: ${outcome.error}\n`);
        process.exitCode = 1;
        return;
      }
      const scope = outcome.header.scope;
      report(outcome.result, 'stream' in scope ? `the export of ${scope.stream}` : `the export of positions ${scope.fromPosition}…${scope.toPosition}`);
    });
}
