import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SqliteEventStore } from '@ledger/event-sourcing';
import { anOpportunity, type Answer, client } from './support/http';
import { newDataDir, removeDataDir, type RunningApi, SALESCTL, startApi, waitUntilCaughtUp } from './support/api-process';

const ZELDA = { fullName: 'Zelda Quintanilla-Erasmo', email: 'zelda.quintanilla@erasure.example', phone: '+1 555 0199 77' };
const NEW_EMAIL = 'z.quintanilla@erasure.example';
/** Pieces of the person's data: none may be readable anywhere after the erasure. */
const NEEDLES = ['Zelda', 'Quintanilla', 'zelda.quintanilla', 'z.quintanilla', '555 0199'];
const REASON = 'Erasure request of the data subject (GDPR art. 17), ticket 4711';

type StoredRow = { revision: number; type: string; data: string };

/** Every byte of the embedded files, WAL included: the log, the read models, the keys. */
const dataFolderBytes = (dataDir: string): string =>
  readdirSync(dataDir)
    .filter((file) => /\.db(-wal)?$/.test(file))
    .map((file) => readFileSync(join(dataDir, file)).toString('latin1'))
    .join('\n');

const neededIn = (text: string): string[] => NEEDLES.filter((needle) => text.includes(needle));

describe('Erasure of personal data (crypto-shredding)', () => {
  let dataDir: string;
  let api: RunningApi;
  let accountId: string;
  let contactId: string;
  const admin = () => client(api.url, api.tokens.admin);
  const manager = () => client(api.url, api.tokens.manager);
  const auditor = () => client(api.url, api.tokens.auditor);
  const storedRows = (): StoredRow[] => {
    const db = new Database(join(dataDir, 'events.db'), { readonly: true, fileMustExist: true });
    try {
      return db.prepare<[string], StoredRow>('SELECT revision, type, data FROM events WHERE stream_name = ? ORDER BY revision').all(`account-${accountId}`);
    } finally {
      db.close();
    }
  };
  /** Every read that may show a contact, as text: views, lists, search, timeline, the stream, a CSV export. */
  const everyRead = async (position: string): Promise<string> => {
    const wait = `minPosition=${position}`;
    const answers: Answer[] = [
      await admin().get(`/accounts/${accountId}?${wait}`),
      await admin().get(`/contacts?accountId=${accountId}&${wait}`),
      await admin().get(`/contacts?q=zelda&${wait}`),
      await admin().get(`/contacts?q=quintanilla&${wait}`),
      await admin().get(`/accounts?q=zelda&status=all&${wait}`),
      await admin().get(`/accounts/${accountId}/timeline?limit=500&${wait}`),
      await auditor().get(`/streams/account-${accountId}`),
    ];
    const csv = await fetch(`${api.url}/reports/revenue?by=account&format=csv&${wait}`, { headers: { authorization: `Bearer ${api.tokens.admin}` } });
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200, 200, 200]);
    return [...answers.map((answer) => JSON.stringify(answer.body)), await csv.text()].join('\n');
  };
  const reports = async (position: string) => {
    const wait = `minPosition=${position}`;
    return {
      pipeline: (await admin().get(`/pipeline?${wait}`)).body,
      forecast: (await admin().get(`/forecast?${wait}`)).body,
      revenue: (await admin().get(`/reports/revenue?by=account&${wait}`)).body,
    };
  };

  let readsBefore: string;
  let reportsBefore: Awaited<ReturnType<typeof reports>>;
  let rowsBefore: StoredRow[];
  let chainBefore: Answer['body'];
  let erased: Answer;

  beforeAll(async () => {
    dataDir = newDataDir();
    api = await startApi(dataDir);
    await waitUntilCaughtUp(api);
    accountId = (await admin().post('/accounts', { name: 'Erasure Test Industries', sector: 'software' })).body.id as string;
    contactId = (await admin().post(`/accounts/${accountId}/contacts`, { ...ZELDA, title: 'Head of Data' })).body.id as string;
    await admin().post(`/accounts/${accountId}/contacts/${contactId}`, { email: NEW_EMAIL });
    const won = (await manager().post('/opportunities', anOpportunity({ accountName: undefined, accountId, title: 'Erasure deal' }))).body.id as string;
    const wonAnswer = await manager().post(`/opportunities/${won}/won`, {});
    await manager().post('/opportunities', anOpportunity({ accountName: undefined, accountId, title: 'Open erasure deal' }));
    readsBefore = await everyRead(wonAnswer.body.position as string);
    reportsBefore = await reports(wonAnswer.body.position as string);
    rowsBefore = storedRows();
    chainBefore = (await auditor().get('/audit/verify')).body;
    erased = await admin().post(`/accounts/${accountId}/contacts/${contactId}/erase`, { reason: REASON });
  }, 120_000);

  afterAll(async () => {
    await api?.stop();
    removeDataDir(dataDir);
  });

  it('stores the personal data of a contact encrypted: no name, e-mail or phone in the log', () => {
    const personal = rowsBefore
      .filter((row) => row.type === 'ContactAdded' || row.type === 'ContactUpdated')
      .map((row) => (JSON.parse(row.data) as { personal: Record<string, unknown> }).personal);
    expect(personal).toEqual([
      expect.objectContaining({ enc: 'aes-256-gcm', subject: `contact-${contactId}`, fields: ['fullName', 'email', 'phone'] }),
      expect.objectContaining({ enc: 'aes-256-gcm', subject: `contact-${contactId}`, fields: ['email'] }),
    ]);
    expect(neededIn(rowsBefore.map((row) => row.data).join('\n'))).toEqual([]);
  });

  it('showed the person in every read before the erasure', () => {
    expect(neededIn(readsBefore)).toEqual(NEEDLES);
  });

  it('refuses an erasure from anyone but an admin', async () => {
    const refused = await manager().post(`/accounts/${accountId}/contacts/${contactId}/erase`, { reason: REASON });
    expect(refused.body).toMatchObject({ status: 403, code: 'forbidden' });
  });

  it('erases: no read shows the name, e-mail or phone any more, and the contact reads as erased', async () => {
    expect(erased.status).toBe(200);
    const reads = await everyRead(erased.body.position as string);
    const contacts = (await admin().get(`/contacts?accountId=${accountId}`)).body.items;
    expect(neededIn(reads)).toEqual([]);
    expect(contacts).toEqual([expect.objectContaining({ id: contactId, fullName: '[erased]', email: '[erased]', phone: '[erased]', title: 'Head of Data', erased: true })]);
  });

  it('records the erasure with who, when and why, and no personal data', async () => {
    const events = (await auditor().get(`/streams/account-${accountId}`)).body.events as Array<{ type: string; data: Record<string, unknown>; metadata: { actor: { role: string } } }>;
    const erasure = events.filter((event) => event.type === 'ContactErased');
    expect(erasure).toEqual([expect.objectContaining({ data: { accountId, contactId, erasedBy: expect.any(String), reason: REASON, erasedAt: expect.any(String) }, metadata: expect.objectContaining({ actor: expect.objectContaining({ role: 'admin' }) }) })]);
    expect(events.find((event) => event.type === 'ContactAdded')?.data.personal).toEqual({ fullName: '[erased]', email: '[erased]', phone: '[erased]', erased: true });
  });

  it('leaves the stored bytes of the earlier events as they were (a hash over them still verifies)', () => {
    expect(storedRows().slice(0, rowsBefore.length)).toEqual(rowsBefore);
  });

  it('leaves the hash chain verifying: every event checked before still matches, and the erasure chains on from the same head', async () => {
    const before = (await auditor().get(`/audit/verify?toPosition=${String(chainBefore.checked)}`)).body;
    const now = (await auditor().get('/audit/verify')).body;
    expect({ ok: chainBefore.ok, before: before.ok, now: now.ok }).toEqual({ ok: true, before: true, now: true });
    expect(before.headHash).toBe(chainBefore.headHash);
  });

  it('leaves pipeline, forecast and revenue as they were', async () => {
    expect(await reports(erased.body.position as string)).toEqual(reportsBefore);
  });

  it('still folds the account: it takes commands, but a change to the erased contact is refused', async () => {
    const renamed = await admin().post(`/accounts/${accountId}/name`, { name: 'Erasure Test Group' });
    const changed = await admin().post(`/accounts/${accountId}/contacts/${contactId}`, { fullName: 'Somebody Else' });
    expect(renamed.status).toBe(200);
    expect(changed.body).toMatchObject({ status: 422, code: 'contact-erased' });
  });

  it('erases once: the same request again answers 200 and appends nothing', async () => {
    const again = await admin().post(`/accounts/${accountId}/contacts/${contactId}/erase`, { reason: REASON });
    const types = storedRows().map((row) => row.type);
    expect(again.status).toBe(200);
    expect(types.filter((type) => type === 'ContactErased')).toEqual(['ContactErased']);
  });

  it('prints a receipt of the erasure: fields, events, who, when, why, and the destroyed key', () => {
    const env = { ...process.env, DATA_DIR: dataDir, EVENTSTORE_URL: '', MONGODB_URL: '' };
    const receipt = execFileSync(process.execPath, [SALESCTL, 'audit', 'erasure-receipt', contactId], { env }).toString();
    expect(receipt).toContain('status: erased');
    expect(receipt).toContain(`reason: ${REASON}`);
    expect(receipt).toMatch(/erased at \S+ by \S+ \(admin\)/);
    expect(receipt).toMatch(/revision 1 \(position \d+\) ContactAdded .*: fullName, email, phone; encrypted/);
    expect(receipt).toMatch(/revision 2 \(position \d+\) ContactUpdated .*: email; encrypted/);
    expect(receipt).toMatch(/data key: \S+, created \S+, destroyed \S+/);
    expect(neededIn(receipt)).toEqual([]);
  });

  it('leaves the name, e-mail and phone in no file of the data folder once the API stopped', async () => {
    await api.stop();
    expect(existsSync(join(dataDir, 'keys.db'))).toBe(true);
    expect(neededIn(dataFolderBytes(dataDir))).toEqual([]);
  });
});

describe('Erasure of a contact whose events were written before encryption (plaintext in the log)', () => {
  const LEGACY = { fullName: 'Yannick Oldfield-Plaintext', email: 'yannick.oldfield@legacy.example', phone: '+44 20 7946 0321' };
  const LEGACY_NEEDLES = ['Yannick', 'Oldfield', 'yannick.oldfield', '7946 0321'];
  const accountId = '5e1f0c2a-0000-4000-8000-0000000000a1';
  const contactId = '5e1f0c2a-0000-4000-8000-0000000000c1';
  let dataDir: string;
  let api: RunningApi;
  let erased: Answer;
  const admin = () => client(api.url, api.tokens.admin);

  beforeAll(async () => {
    dataDir = newDataDir();
    // As an earlier version wrote them: straight to the log, personal data in plaintext.
    const log = new SqliteEventStore(join(dataDir, 'events.db'));
    const metadata = { commandId: randomUUID(), correlationId: 'legacy', causationId: 'legacy', actor: { userId: 'legacy-admin', role: 'admin' as const }, occurredAt: '2026-01-05T09:00:00.000Z', schemaVersion: 1 };
    await log.append(
      `account-${accountId}`,
      [
        { id: randomUUID(), type: 'AccountRegistered', metadata, data: { accountId, name: 'Legacy Plaintext Ltd', sector: null, yearEstablished: null, annualRevenue: null, employees: null, officeLocation: null, parentAccountId: null, registeredAt: metadata.occurredAt, registeredBy: 'legacy-admin' } },
        { id: randomUUID(), type: 'ContactAdded', metadata, data: { accountId, contactId, title: null, preferredChannel: null, addedAt: metadata.occurredAt, personal: LEGACY } },
      ],
      'no_stream',
    );
    await log.close();
    api = await startApi(dataDir);
    await waitUntilCaughtUp(api);
    erased = await admin().post(`/accounts/${accountId}/contacts/${contactId}/erase`, { reason: REASON });
  }, 120_000);

  afterAll(async () => {
    await api?.stop();
    removeDataDir(dataDir);
  });

  it('erases it from every read, its old plaintext events included', async () => {
    const wait = `minPosition=${erased.body.position as string}`;
    const reads = await Promise.all([
      admin().get(`/accounts/${accountId}?${wait}`),
      admin().get(`/contacts?accountId=${accountId}&${wait}`),
      admin().get(`/contacts?q=yannick&${wait}`),
      client(api.url, api.tokens.auditor).get(`/streams/account-${accountId}`),
    ]);
    expect(erased.status).toBe(200);
    expect(LEGACY_NEEDLES.filter((needle) => JSON.stringify(reads.map((read) => read.body)).includes(needle))).toEqual([]);
    expect(reads[1].body.items).toEqual([expect.objectContaining({ id: contactId, fullName: '[erased]', erased: true })]);
  });

  it('says in the receipt that the old events are plaintext whose bytes remain in the log', () => {
    const env = { ...process.env, DATA_DIR: dataDir, EVENTSTORE_URL: '', MONGODB_URL: '' };
    const receipt = execFileSync(process.execPath, [SALESCTL, 'audit', 'erasure-receipt', contactId], { env }).toString();
    expect(receipt).toContain('status: erased');
    expect(receipt).toContain('data key: (none: erased before any encrypted event)');
    expect(receipt).toMatch(/revision 1 \(position \d+\) ContactAdded .*: fullName, email, phone; PLAINTEXT \(written before encryption\): reads as erased, but its bytes remain in the log/);
  });
});
