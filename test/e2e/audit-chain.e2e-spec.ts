import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type StreamEvent, anOpportunity, client } from './support/http';
import { ROOT, SALESCTL, type RunningApi, newDataDir, removeDataDir, startApi, useApiPerSuite, waitUntilCaughtUp } from './support/api-process';

const HASH = /^[0-9a-f]{64}$/;

const salesctl = (dataDir: string, ...args: string[]) =>
  spawnSync(process.execPath, [SALESCTL, ...args], { cwd: ROOT, env: { ...process.env, DATA_DIR: dataDir, EVENTSTORE_URL: '', MONGODB_URL: '' }, encoding: 'utf8' });

/** With no data folder and no server: a folder that does not exist, and nothing listening. */
const salesctlAlone = (...args: string[]) => {
  const cwd = mkdtempSync(join(tmpdir(), 'salesctl-alone-'));
  return spawnSync(process.execPath, [SALESCTL, ...args], {
    cwd,
    env: { ...process.env, DATA_DIR: join(cwd, 'no-data-here'), EVENTSTORE_URL: 'esdb://127.0.0.1:1?tls=false', MONGODB_URL: '' },
    encoding: 'utf8',
  });
};

async function openDeal(api: RunningApi, title: string): Promise<{ id: string; events: StreamEvent[] }> {
  const rep = client(api.url, api.tokens.rep);
  const id = (await rep.post('/opportunities', anOpportunity({ title }))).body.id as string;
  await rep.post(`/opportunities/${id}/stage`, { stage: 'qualification' });
  const stream = await client(api.url, api.tokens.auditor).get(`/streams/opportunity-${id}`);
  return { id, events: stream.body.events as StreamEvent[] };
}

/** Changes one byte of one stored event's data, with the API stopped, as someone with the disk could. */
function editOneByte(dataDir: string, position: string, from: string, to: string): number {
  const db = new Database(join(dataDir, 'events.db'));
  const changes = db.prepare('UPDATE events SET data = replace(data, ?, ?) WHERE position = ?').run(from, to, Number(position)).changes;
  db.close();
  return changes;
}

describe('GET /audit/verify', () => {
  const suite = useApiPerSuite();
  let deal: { id: string; events: StreamEvent[] };
  beforeAll(async () => {
    deal = await openDeal(suite.api, 'Verified deal');
  });
  const auditor = () => client(suite.api.url, suite.api.tokens.auditor);

  it('answers ok for an untouched log, with every event checked and the head hash of the log', async () => {
    const answer = await auditor().get('/audit/verify');
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ ok: true, firstMismatch: null, headHash: expect.stringMatching(HASH) });
    expect(answer.body.checked).toBeGreaterThanOrEqual(Number(deal.events[1].position));
  });

  it('verifies one stream: its events, its last streamHash', async () => {
    const answer = await auditor().get(`/audit/verify?stream=opportunity-${deal.id}`);
    expect(answer.body).toEqual({ ok: true, checked: deal.events.length, firstMismatch: null, headHash: expect.stringMatching(HASH) });
  });

  it('verifies a range of positions, both ends included', async () => {
    const [first, second] = deal.events.map((event) => event.position);
    const answer = await auditor().get(`/audit/verify?fromPosition=${first}&toPosition=${second}`);
    expect(answer.body).toMatchObject({ ok: true, checked: Number(second) - Number(first) + 1 });
  });

  it('keeps one unbroken chain when 40 commands arrive at once', async () => {
    const rep = client(suite.api.url, suite.api.tokens.rep);
    const opened = await Promise.all(Array.from({ length: 40 }, (_, n) => rep.post('/opportunities', anOpportunity({ title: `Rush ${n}` }))));
    expect(opened.filter((answer) => answer.status !== 201)).toEqual([]);
    const answer = await auditor().get('/audit/verify');
    expect(answer.body).toMatchObject({ ok: true, firstMismatch: null });
    expect(answer.body.checked).toBeGreaterThanOrEqual(Number(deal.events[1].position) + 40);
  });

  it('answers admins too', async () => {
    expect((await client(suite.api.url, suite.api.tokens.admin).get('/audit/verify')).status).toBe(200);
  });

  it('refuses reps, managers and analysts (403 forbidden)', async () => {
    const statuses = await Promise.all(
      ['rep', 'manager', 'analyst'].map(async (role) => (await client(suite.api.url, suite.api.tokens[role]).get('/audit/verify')).body.code),
    );
    expect(statuses).toEqual(['forbidden', 'forbidden', 'forbidden']);
  });

  it('refuses a stream and a range together (400 validation-failed)', async () => {
    const answer = await auditor().get(`/audit/verify?stream=opportunity-${deal.id}&fromPosition=1`);
    expect({ status: answer.status, code: answer.body.code }).toEqual({ status: 400, code: 'validation-failed' });
  });

  it('refuses text with an unpaired surrogate, which has no RFC 8785 form to hash (400 validation-failed, not a 500)', async () => {
    const answer = await client(suite.api.url, suite.api.tokens.rep).post('/opportunities', anOpportunity({ title: 'Half a pair \ud83d' }));
    expect({ status: answer.status, code: answer.body.code, errors: answer.body.errors }).toEqual({
      status: 400,
      code: 'validation-failed',
      errors: [{ field: 'title', messages: ['title must be Unicode text (no unpaired surrogate)'] }],
    });
  });

  it('refuses a position that is not one (400 validation-failed)', async () => {
    const answer = await auditor().get('/audit/verify?fromPosition=first');
    expect({ status: answer.status, code: answer.body.code }).toEqual({ status: 400, code: 'validation-failed' });
  });
});

describe('a one-byte edit of a stored event', () => {
  let dataDir: string;
  let edited: StreamEvent;
  beforeAll(async () => {
    dataDir = newDataDir();
    const api = await startApi(dataDir);
    await openDeal(api, 'Before the deal');
    edited = (await openDeal(api, 'Tamper target')).events[0];
    await openDeal(api, 'After the deal');
    await waitUntilCaughtUp(api);
    await api.stop();
    expect(editOneByte(dataDir, edited.position, 'Tamper target', 'Tamper targex')).toBe(1);
  });
  afterAll(() => removeDataDir(dataDir));

  it('is reported by GET /audit/verify at that position', async () => {
    const api = await startApi(dataDir);
    try {
      const answer = await client(api.url, api.tokens.auditor).get('/audit/verify');
      expect(answer.body).toMatchObject({
        ok: false,
        firstMismatch: { position: edited.position, stream: `opportunity-${(edited.data as { opportunityId: string }).opportunityId}`, revision: 0, chain: 'stream' },
      });
    } finally {
      await api.stop();
    }
  });

  it('is reported by salesctl audit verify at that position, with exit code 1', () => {
    const result = salesctl(dataDir, 'audit', 'verify');
    expect(result.status).toBe(1);
    expect(result.stdout).toContain(`at position ${edited.position} does not match its stream chain`);
  });

  it('is reported when verifying the stream alone', () => {
    const stream = `opportunity-${(edited.data as { opportunityId: string }).opportunityId}`;
    const result = salesctl(dataDir, 'audit', 'verify', '--stream', stream);
    expect({ status: result.status, stdout: result.stdout }).toEqual({ status: 1, stdout: expect.stringContaining(`event ${stream}@0 at position ${edited.position}`) });
  });
});

describe('salesctl audit export and verify-export', () => {
  let dataDir: string;
  let deal: { id: string; events: StreamEvent[] };
  let other: { id: string; events: StreamEvent[] };
  let work: string;
  beforeAll(async () => {
    dataDir = newDataDir();
    work = mkdtempSync(join(tmpdir(), 'audit-export-'));
    const api = await startApi(dataDir);
    deal = await openDeal(api, 'Exported deal');
    other = await openDeal(api, 'Other deal');
    await api.stop();
  });
  afterAll(() => {
    removeDataDir(dataDir);
    removeDataDir(work);
  });
  const exportTo = (name: string, ...scope: string[]): string => {
    const file = join(work, name);
    const result = salesctl(dataDir, 'audit', 'export', ...scope, '--out', file);
    expect(result.status).toBe(0);
    return file;
  };
  const edited = (file: string, from: string, to: string): string => {
    const copy = `${file}.edited`;
    writeFileSync(copy, readFileSync(file, 'utf8').replace(from, to));
    return copy;
  };

  it('starts a stream export with a header saying what it holds and the hash its chain starts from', () => {
    const file = exportTo('header.jsonl', '--stream', `opportunity-${deal.id}`);
    const [header, ...events] = readFileSync(file, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(header).toMatchObject({ format: 'sales-ledger-audit-export', version: 1, scope: { stream: `opportunity-${deal.id}` }, chain: 'stream', previousHash: '0'.repeat(64) });
    expect(events.map((event) => [event.revision, event.type, event.streamHash])).toEqual(
      deal.events.map((event, revision) => [revision, event.type, expect.stringMatching(HASH)]),
    );
  });

  it('verifies a stream export with no server and no data folder', () => {
    const file = exportTo('stream.jsonl', '--stream', `opportunity-${deal.id}`);
    const result = salesctlAlone('audit', 'verify-export', file);
    expect({ status: result.status, stdout: result.stdout }).toEqual({ status: 0, stdout: expect.stringMatching(/^OK: 2 events of the export of opportunity-\S+ checked; head hash [0-9a-f]{64}\n$/) });
  });

  it('refuses a stream export after a one-byte edit, naming the event', () => {
    const file = edited(exportTo('stream-edited.jsonl', '--stream', `opportunity-${deal.id}`), 'Exported deal', 'Exported deaL');
    const result = salesctlAlone('audit', 'verify-export', file);
    expect({ status: result.status, stdout: result.stdout }).toEqual({ status: 1, stdout: expect.stringContaining(`event opportunity-${deal.id}@0 at position ${deal.events[0].position}`) });
  });

  it('verifies a range export from the log hash before its first event', () => {
    const file = exportTo('range.jsonl', '--from', deal.events[1].position, '--to', other.events[1].position);
    const header = JSON.parse(readFileSync(file, 'utf8').split('\n')[0]) as Record<string, unknown>;
    const result = salesctlAlone('audit', 'verify-export', file);
    expect(header).toMatchObject({ chain: 'log', scope: { fromPosition: deal.events[1].position, toPosition: other.events[1].position }, previousHash: expect.stringMatching(HASH) });
    expect(header.previousHash).not.toBe('0'.repeat(64));
    expect({ status: result.status, stdout: result.stdout }).toEqual({ status: 0, stdout: expect.stringMatching(/^OK: 3 events of the export of positions/) });
  });

  it('refuses a range export after a one-byte edit, naming the event', () => {
    const file = edited(exportTo('range-edited.jsonl', '--from', deal.events[1].position, '--to', other.events[1].position), 'Other deal', 'Other deaL');
    const result = salesctlAlone('audit', 'verify-export', file);
    expect({ status: result.status, stdout: result.stdout }).toEqual({ status: 1, stdout: expect.stringContaining(`event opportunity-${other.id}@0 at position ${other.events[0].position}`) });
  });

  it('refuses an export missing its first event (the chain no longer starts where its header says)', () => {
    const file = exportTo('cut.jsonl', '--stream', `opportunity-${deal.id}`);
    const [header, , ...rest] = readFileSync(file, 'utf8').split('\n');
    writeFileSync(`${file}.cut`, [header, ...rest].join('\n'));
    expect(salesctlAlone('audit', 'verify-export', `${file}.cut`).status).toBe(1);
  });
});

describe('a data folder written before the hash chain', () => {
  let dataDir: string;
  let events: number;
  beforeAll(async () => {
    dataDir = newDataDir();
    const api = await startApi(dataDir);
    await openDeal(api, 'Old deal');
    await waitUntilCaughtUp(api);
    await api.stop();
    // The events table as the previous version left it: no hash columns.
    const db = new Database(join(dataDir, 'events.db'));
    db.exec('ALTER TABLE events DROP COLUMN stream_hash; ALTER TABLE events DROP COLUMN log_hash;');
    events = (db.prepare('SELECT COUNT(*) AS count FROM events').get() as { count: number }).count;
    db.close();
  });
  afterAll(() => removeDataDir(dataDir));

  it('gets the chain once, on open, says so, and verifies', () => {
    const first = salesctl(dataDir, 'audit', 'verify');
    const second = salesctl(dataDir, 'audit', 'verify');
    expect({ status: first.status, stdout: first.stdout }).toEqual({ status: 0, stdout: expect.stringContaining(`OK: ${events} events of the log checked`) });
    expect(first.stdout + first.stderr).toContain(`Added the hash chain to the log: ${events} events`);
    expect(second.stdout + second.stderr).not.toContain('Added the hash chain');
  });

  it('answers ok from the API, and chains what it appends next', async () => {
    const api = await startApi(dataDir);
    try {
      await openDeal(api, 'New deal');
      const answer = await client(api.url, api.tokens.auditor).get('/audit/verify');
      expect(answer.body).toMatchObject({ ok: true, firstMismatch: null });
      expect(answer.body.checked).toBeGreaterThanOrEqual(events + 2);
    } finally {
      await api.stop();
    }
  });
});
