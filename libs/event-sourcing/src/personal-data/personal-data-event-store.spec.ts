import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventToAppend } from '../event-store.port';
import { SqliteEventStore } from '../sqlite-event-store';
import { PersonalDataEventStore } from './personal-data-event-store';
import { SqliteSubjectKeyStore } from './sqlite-subject-key-store';
import { SubjectErasedError, SubjectKeyMissingError } from './subject-key-store.port';

const STREAM = 'account-1';
const ANNA = { fullName: 'Anna Schmidt', email: 'anna@acme.example', phone: '+49 30 1234567' };
const carriers = {
  ContactAdded: { field: 'personal', subject: (data: Readonly<Record<string, unknown>>) => `contact-${String(data.contactId)}` },
  ContactUpdated: { field: 'personal', subject: (data: Readonly<Record<string, unknown>>) => `contact-${String(data.contactId)}` },
};
const AT = '2026-11-28T10:00:00.000Z';

const event = (type: string, data: Record<string, unknown>): EventToAppend => ({
  id: randomUUID(),
  type,
  data,
  metadata: { commandId: randomUUID(), correlationId: 'c', causationId: 'c', actor: { userId: 'u1', role: 'admin' }, occurredAt: AT, schemaVersion: 1 },
});
const added = (contactId: string, personal: Record<string, unknown> = ANNA) => event('ContactAdded', { accountId: '1', contactId, title: 'CFO', personal });

describe('PersonalDataEventStore', () => {
  let dir: string;
  let store: PersonalDataEventStore;
  const storedRows = () => {
    const db = new Database(join(dir, 'events.db'), { readonly: true });
    try {
      return db.prepare<[], { data: string }>('SELECT data FROM events ORDER BY position').all().map((row) => row.data);
    } finally {
      db.close();
    }
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'personal-data-'));
    store = new PersonalDataEventStore(new SqliteEventStore(join(dir, 'events.db')), new SqliteSubjectKeyStore(join(dir, 'keys.db')), carriers);
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps no snapshots of an aggregate with an event type that carries personal data', () => {
    expect(store.snapshotsFor(['AccountRegistered', 'ContactAdded', 'ContactErased'])).toBeNull();
  });

  it("passes the store's snapshots on for an aggregate whose events carry no personal data", () => {
    expect(store.snapshotsFor(['OpportunityOpened', 'OpportunityWon'])).toBe(store.stored.snapshotsFor(['OpportunityOpened', 'OpportunityWon']));
  });

  it('stores the personal object encrypted: no name, e-mail or phone in the log file', async () => {
    await store.append(STREAM, [added('c1'), event('ContactUpdated', { accountId: '1', contactId: 'c1', changes: {}, personal: { email: 'anna.new@acme.example' } })], 'no_stream');
    const rows = storedRows();
    expect(rows.join('\n')).not.toMatch(/Anna|anna|1234567/);
    expect(JSON.parse(rows[0])).toMatchObject({ title: 'CFO', personal: { enc: 'aes-256-gcm', subject: 'contact-c1', fields: ['fullName', 'email', 'phone'] } });
  });

  it('reads the personal object decrypted, from a stream, from $all and from a subscription', async () => {
    await store.append(STREAM, [added('c1')], 'no_stream');
    const subscription = store.subscribeToAll();
    const first = (await subscription[Symbol.asyncIterator]().next()).value as { data: unknown };
    await subscription.close();
    expect((await store.readStream(STREAM))[0].data).toMatchObject({ personal: ANNA });
    expect((await store.readAll())[0].data).toMatchObject({ personal: ANNA });
    expect(first.data).toMatchObject({ personal: ANNA });
  });

  it('reads an erased subject as erased, and the stored bytes do not change', async () => {
    await store.append(STREAM, [added('c1'), added('c2', { fullName: 'Bea Berg', email: null, phone: null })], 'no_stream');
    const before = storedRows();
    await store.keys.destroy('contact-c1', AT);
    const [erased, kept] = await store.readStream(STREAM);
    expect(erased.data).toMatchObject({ title: 'CFO', personal: { fullName: '[erased]', email: '[erased]', phone: '[erased]', erased: true } });
    expect(kept.data).toMatchObject({ personal: { fullName: 'Bea Berg' } });
    expect(storedRows()).toEqual(before);
  });

  it('leaves no copy of a destroyed key in the key store files, WAL included, while the store is open', async () => {
    await store.append(STREAM, [added('c1'), added('c2'), added('c3')], 'no_stream');
    const key = await store.keys.keyFor('contact-c2');
    await store.keys.destroy('contact-c2', AT);
    const files = ['keys.db', 'keys.db-wal'].flatMap((file) => {
      try {
        return [readFileSync(join(dir, file))];
      } catch {
        return [];
      }
    });
    expect(key).not.toBe('destroyed');
    expect(files.some((bytes) => bytes.includes((key as { key: Buffer }).key))).toBe(false);
  });

  it('destroys a key once: a second destruction says so', async () => {
    await store.append(STREAM, [added('c1')], 'no_stream');
    expect(await store.keys.destroy('contact-c1', AT)).toBe(true);
    expect(await store.keys.destroy('contact-c1', AT)).toBe(false);
  });

  it('refuses to encrypt anything more for an erased subject', async () => {
    await store.append(STREAM, [added('c1')], 'no_stream');
    await store.keys.destroy('contact-c1', AT);
    await expect(store.append(STREAM, [added('c1')], 0)).rejects.toBeInstanceOf(SubjectErasedError);
  });

  it('answers an append for a subject erased since the decision as a stale revision, so the command path decides again', async () => {
    await store.append(STREAM, [added('c1')], 'no_stream');
    await store.append(STREAM, [event('ContactErased', { accountId: '1', contactId: 'c1' })], 0);
    await store.keys.destroy('contact-c1', AT);
    const stale = store.append(STREAM, [event('ContactUpdated', { accountId: '1', contactId: 'c1', changes: {}, personal: { email: 'late@acme.example' } })], 0);
    await expect(stale).rejects.toMatchObject({ name: 'WrongExpectedRevisionError', expected: 0, actual: 1 });
  });

  it('reads a plaintext personal object written before encryption as it is, until its subject is erased', async () => {
    await store.stored.append(STREAM, [added('old')], 'no_stream');
    const readable = (await store.readStream(STREAM))[0].data;
    await store.keys.destroy('contact-old', AT);
    expect(readable).toMatchObject({ personal: ANNA });
    expect((await store.readStream(STREAM))[0].data).toMatchObject({ personal: { fullName: '[erased]', erased: true } });
  });

  it('refuses to read a ciphertext whose key the key store never held', async () => {
    await store.append(STREAM, [added('c1')], 'no_stream');
    const lost = new PersonalDataEventStore(new SqliteEventStore(join(dir, 'events.db')), new SqliteSubjectKeyStore(join(dir, 'other-keys.db')), carriers);
    await expect(lost.readStream(STREAM)).rejects.toBeInstanceOf(SubjectKeyMissingError);
    await lost.close();
  });

  it('leaves events of other types untouched', async () => {
    await store.append(STREAM, [event('AccountRenamed', { accountId: '1', name: 'Acme' })], 'no_stream');
    expect(storedRows()).toEqual([JSON.stringify({ accountId: '1', name: 'Acme' })]);
  });
});
