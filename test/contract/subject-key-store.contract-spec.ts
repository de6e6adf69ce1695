import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoSubjectKeyStore, SqliteSubjectKeyStore, SubjectErasedError, type SubjectKeyStore } from '@ledger/event-sourcing';

type Adapter = { name: string; open: (() => { store: SubjectKeyStore; dispose: () => Promise<void> }) | null };

const adapters: Adapter[] = [
  {
    name: 'SQLite (embedded)',
    open: () => {
      const dir = mkdtempSync(join(tmpdir(), 'key-store-contract-'));
      const store = new SqliteSubjectKeyStore(join(dir, 'keys.db'));
      return { store, dispose: async () => (await store.close(), rmSync(dir, { recursive: true, force: true })) };
    },
  },
  {
    name: 'MongoDB',
    open: process.env.MONGODB_URL
      ? () => {
          const store = MongoSubjectKeyStore.connect(process.env.MONGODB_URL as string);
          return { store, dispose: () => store.close() };
        }
      : null,
  },
];

const AT = '2026-11-28T10:00:00.000Z';
// Unique per run so the suite can share a long-lived MongoDB with other data in it.
const subject = (): string => `contact-${randomUUID()}`;

for (const adapter of adapters) {
  const open = adapter.open;
  if (open === null) {
    describe(`SubjectKeyStore contract on ${adapter.name}`, () => {
      it('is skipped: set MONGODB_URL to run it against a real MongoDB', () => {
        console.warn(`SubjectKeyStore contract on ${adapter.name}: SKIPPED (MONGODB_URL is not set)`);
        expect(process.env.MONGODB_URL).toBeUndefined();
      });
    });
    continue;
  }

  describe(`SubjectKeyStore contract on ${adapter.name}`, () => {
    let store: SubjectKeyStore;
    let dispose: () => Promise<void>;
    beforeEach(() => ({ store, dispose } = open()));
    afterEach(() => dispose());

    it('makes a 32-byte key for a new subject, and gives the same key again', async () => {
      const contact = subject();
      const first = (await store.keysToWrite([contact], AT)).get(contact)!;
      const again = (await store.keysToWrite([contact, contact], AT)).get(contact)!;
      expect(first.key).toHaveLength(32);
      expect(again).toEqual(first);
      expect(await store.keyFor(contact)).toEqual(first);
    });

    it('makes one key per subject when several requests race', async () => {
      const contact = subject();
      const keys = await Promise.all([store.keysToWrite([contact], AT), store.keysToWrite([contact], AT)]);
      expect(keys[0].get(contact)).toEqual(keys[1].get(contact));
    });

    it('knows nothing of a subject it never saw', async () => {
      expect(await store.keyFor(subject())).toBeNull();
      expect(await store.describe(subject())).toBeNull();
    });

    it('destroys a key once, keeps a tombstone, and refuses new data for the subject', async () => {
      const contact = subject();
      const { keyId } = (await store.keysToWrite([contact], AT)).get(contact)!;
      expect(await store.destroy(contact, '2026-11-29T10:00:00.000Z')).toBe(true);
      expect(await store.destroy(contact, '2026-11-30T10:00:00.000Z')).toBe(false);
      expect(await store.keyFor(contact)).toBe('destroyed');
      expect(await store.describe(contact)).toEqual({ subject: contact, keyId, createdAt: AT, destroyedAt: '2026-11-29T10:00:00.000Z' });
      await expect(store.keysToWrite([contact], AT)).rejects.toBeInstanceOf(SubjectErasedError);
    });

    it('records the erasure of a subject that never had a key', async () => {
      const contact = subject();
      expect(await store.destroy(contact, AT)).toBe(true);
      expect(await store.keyFor(contact)).toBe('destroyed');
      expect(await store.describe(contact)).toEqual({ subject: contact, keyId: null, createdAt: AT, destroyedAt: AT });
    });
  });
}
