/** The data key of one subject (a person): AES-256, 32 bytes, never written to the log. */
export type SubjectKey = { readonly keyId: string; readonly key: Buffer };

/** What the key store knows of a subject, without the key itself: for receipts and audits. */
export type SubjectKeyRecord = {
  readonly subject: string;
  /** Null when the subject never had a key (erased before any of its data was encrypted). */
  readonly keyId: string | null;
  readonly createdAt: string;
  /** When the key was destroyed (the subject erased), or null while it lives. */
  readonly destroyedAt: string | null;
};

/** The key of a subject whose data is erased: its ciphertext can never be read again. */
export class SubjectErasedError extends Error {
  constructor(readonly subject: string) {
    super(`The personal data of ${subject} was erased; nothing more can be written for it.`);
    this.name = 'SubjectErasedError';
  }
}

/** A log event names a key the store does not hold (a lost or wrongly restored key store): refused rather than read as erased. */
export class SubjectKeyMissingError extends Error {
  constructor(readonly subject: string) {
    super(`No data key for ${subject} in the key store, and no record that it was erased.`);
    this.name = 'SubjectKeyMissingError';
  }
}

/**
 * Per-subject data keys, kept outside the log so that destroying a key forgets the subject's
 * personal data while the log's stored bytes stay as they are (crypto-shredding). A destroyed key
 * leaves a tombstone (subject, key id, dates; no key), so a read tells "erased" from "lost".
 */
export abstract class SubjectKeyStore {
  /** The live key of each subject, made (durably) for those that have none yet; a destroyed subject is refused (SubjectErasedError). */
  abstract keysToWrite(subjects: readonly string[], at: string): Promise<ReadonlyMap<string, SubjectKey>>;

  /** The live key, 'destroyed' after an erasure, or null when the store never heard of the subject. */
  abstract keyFor(subject: string): Promise<SubjectKey | 'destroyed' | null>;

  /**
   * Destroys the subject's key (a tombstone stays, also for a subject that never had a key, so
   * that its plaintext events read as erased too). Idempotent: false when it was destroyed already.
   */
  abstract destroy(subject: string, at: string): Promise<boolean>;

  abstract describe(subject: string): Promise<SubjectKeyRecord | null>;

  abstract close(): Promise<void>;
}
