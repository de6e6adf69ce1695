import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventToAppend, SqliteEventStore as SourceStore } from '@ledger/event-sourcing';

/**
 * The built store, as the API runs it: its group commits are written on a thread of their own
 * (sqlite-log-writer.ts), which runs the compiled module. The unit and contract suites run the
 * TypeScript sources, whose commits run on the calling thread through the same writer class.
 */
const BUILT = join(__dirname, '../../dist/libs/event-sourcing/src/sqlite-event-store.js');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const built = require(BUILT) as { SqliteEventStore: typeof SourceStore };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const builtPort = require(join(__dirname, '../../dist/libs/event-sourcing/src/event-store.port.js')) as typeof import('@ledger/event-sourcing');

const metadata = { commandId: 'c', correlationId: 'c', causationId: 'c', actor: { userId: 'u1', role: 'rep' as const }, occurredAt: '2026-01-01T00:00:00.000Z', schemaVersion: 1 };
const event = (type: string): EventToAppend => ({ id: randomUUID(), type, data: { at: type }, metadata });

let dir: string;
let file: string;
const open: SourceStore[] = [];
const store = (): SourceStore => {
  const opened = new built.SqliteEventStore(file);
  open.push(opened);
  return opened;
};
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'log-writer-thread-'));
  file = join(dir, 'events.db');
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((opened) => opened.close()));
  rmSync(dir, { recursive: true, force: true });
});

describe('the built event store, writing on its own thread', () => {
  it('lets exactly one of many concurrent appends at the same revision win, and refuses the others with the revision found', async () => {
    const log = store();
    await log.append('opportunity-1', [event('Opened')], 'no_stream');
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => log.append('opportunity-1', [event('Moved')], 0)));
    const refused = results.flatMap((result) => (result.status === 'rejected' ? [result.reason as { actual: number }] : []));
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    expect(refused.every((reason) => reason instanceof builtPort.WrongExpectedRevisionError && reason.actual === 1)).toBe(true);
  });

  it('answers a retried append with its first result and writes nothing', async () => {
    const log = store();
    const events = [event('Opened'), event('Moved')];
    const first = await log.append('opportunity-1', events, 'no_stream');
    const again = await log.append('opportunity-1', events, 'no_stream');
    expect(again).toEqual({ ...first, alreadyWritten: true });
    expect(await log.readStream('opportunity-1')).toHaveLength(2);
  });

  it('refuses the same event ids in another arrangement as a conflict', async () => {
    const log = store();
    const [opened, moved] = [event('Opened'), event('Moved')];
    await log.append('opportunity-1', [opened, moved], 'no_stream');
    await expect(log.append('opportunity-1', [opened, event('Other')], 'no_stream')).rejects.toBeInstanceOf(builtPort.EventIdConflictError);
  });

  it('keeps both chains unbroken when two stores on the same file append concurrently', async () => {
    const [one, two] = [store(), store()];
    await Promise.all(
      Array.from({ length: 200 }, (_, index) => (index % 2 === 0 ? one : two).append(`opportunity-${index % 7}`, [event(`E${index}`)], 'any')),
    );
    const verification = await one.verifyChain();
    expect({ ok: verification.ok, checked: verification.checked }).toEqual({ ok: true, checked: 200 });
  });

  it('reads its own appends at once, and those of another store on the same file', async () => {
    const [one, two] = [store(), store()];
    await one.append('member-anna', [event('Added')], 'no_stream');
    await one.readStream('member-anna', { fromRevision: 1 });
    await two.append('member-anna', [event('Deactivated')], 0);
    expect((await one.readStream('member-anna', { fromRevision: 1 })).map((read) => read.type)).toEqual(['Deactivated']);
  });

  it("reads an event another store appended while this store's own commit to another stream was under way", async () => {
    const [one, two] = [store(), store()];
    await one.append('member-anna', [event('Added')], 'no_stream');
    await one.readStream('member-anna', { fromRevision: 1 });
    await Promise.all([one.append('opportunity-1', [event('Opened')], 'no_stream'), two.append('member-anna', [event('Deactivated')], 0)]);
    expect((await one.readStream('member-anna', { fromRevision: 1 })).map((read) => read.type)).toEqual(['Deactivated']);
  });

  it('writes every append accepted before close, and answers it', async () => {
    const log = new built.SqliteEventStore(file);
    const appended = log.append('opportunity-1', [event('Opened')], 'no_stream');
    await log.close();
    await appended;
    const reopened = store();
    expect(await reopened.readStream('opportunity-1')).toHaveLength(1);
  });

  it('lets a script end once its appends are answered, without closing the store', () => {
    const script = `const { SqliteEventStore } = require(${JSON.stringify(BUILT)});
      const log = new SqliteEventStore(${JSON.stringify(file)});
      log.append('opportunity-1', [${JSON.stringify(event('Opened'))}], 'no_stream').then((result) => console.log(result.nextExpectedRevision));`;
    expect(execFileSync(process.execPath, ['-e', script], { timeout: 20_000 }).toString().trim()).toBe('0');
  });
  it('says why it can no longer append once its writer thread has stopped, and refuses appends with that reason', async () => {
    const log = store();
    await log.append('opportunity-1', [event('Opened')], 'no_stream');
    expect(log.writeFailure()).toBeNull();
    // The thread dying under the store (an out-of-memory kill of the thread, a native crash): reached through the private field on purpose.
    const { worker } = (log as unknown as { writer: { worker: import('node:worker_threads').Worker } }).writer;
    await worker.terminate();
    expect(log.writeFailure()?.message).toMatch(/writer thread stopped/);
    await expect(log.append('opportunity-1', [event('Moved')], 0)).rejects.toThrow(/writer thread stopped/);
    expect(await log.readStream('opportunity-1')).toHaveLength(1);
  });
});
