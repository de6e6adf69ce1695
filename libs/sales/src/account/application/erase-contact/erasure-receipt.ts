import { type AllEvent, type EventStore, formatPosition, isEncryptedPersonalData, type Position, type SubjectKeyRecord, type SubjectKeyStore } from '@ledger/event-sourcing';
import { contactPersonalData, contactSubject, type ContactErased } from '../../domain';
import { ACCOUNT_CATEGORY } from '../account.handler';

/** A person's fields in the order the contact shows them; stored text keeps keys sorted (RFC 8785), so a plaintext event's order is not theirs. */
const PERSONAL_FIELD_ORDER = ['fullName', 'email', 'phone'];
const byPersonalFieldOrder = (a: string, b: string): number => PERSONAL_FIELD_ORDER.indexOf(a) - PERSONAL_FIELD_ORDER.indexOf(b);

/** One stored event that held the contact's personal data, as the log holds it (never decrypted here). */
export type ErasedEventRecord = {
  readonly streamName: string;
  readonly revision: number;
  readonly position: string;
  readonly eventId: string;
  readonly type: string;
  readonly recordedAt: string;
  /** The personal fields the event held (their names; the values are what was erased). */
  readonly fields: readonly string[];
  /** `encrypted`: unreadable once the key is destroyed. `plaintext`: written before encryption; reads as erased, but its bytes stay in the log. */
  readonly storedAs: 'encrypted' | 'plaintext';
};

/** What `salesctl audit erasure-receipt` prints: from the log (stored form) and the key store only. */
export type ErasureReceipt = {
  readonly contactId: string;
  readonly subject: string;
  readonly accountId: string | null;
  readonly erasure: {
    readonly erasedAt: string;
    readonly erasedBy: string;
    readonly role: string;
    readonly reason: string;
    readonly eventId: string;
    readonly streamName: string;
    readonly revision: number;
    readonly recordedAt: string;
  } | null;
  readonly key: SubjectKeyRecord | null;
  readonly events: readonly ErasedEventRecord[];
  /** `erased`: recorded and key destroyed. `incomplete`: recorded, key still there (repeat the erase). `not-erased`. `unknown-contact`. */
  readonly status: 'erased' | 'incomplete' | 'not-erased' | 'unknown-contact';
};

const PAGE = 4096;
const carriers: Readonly<Record<string, { readonly field: string }>> = contactPersonalData;

/**
 * Walks the account streams' stored events (a contact id says nothing of its account) for the
 * contact's events, reading the stored form: the receipt says what the log holds, not what a
 * reader is shown. `stored` is the log beneath the encryption layer (PersonalDataEventStore.stored).
 */
export async function erasureReceipt(stored: EventStore, keys: SubjectKeyStore, contactId: string): Promise<ErasureReceipt> {
  const subject = contactSubject(contactId);
  const events: ErasedEventRecord[] = [];
  let erasure: ErasureReceipt['erasure'] = null;
  let accountId: string | null = null;
  let after: Position | undefined;
  for (;;) {
    const page: AllEvent[] = await stored.readCategory(ACCOUNT_CATEGORY, { after, maxCount: PAGE });
    for (const event of page) {
      const data = event.data as Record<string, unknown>;
      if (data.contactId !== contactId) continue;
      accountId = typeof data.accountId === 'string' ? data.accountId : accountId;
      const carrier = Object.hasOwn(carriers, event.type) ? carriers[event.type] : undefined;
      const personal = carrier ? data[carrier.field] : undefined;
      if (personal !== undefined && personal !== null && typeof personal === 'object') {
        const encrypted = isEncryptedPersonalData(personal);
        events.push({
          streamName: event.streamName,
          revision: event.revision,
          position: formatPosition(event.position),
          eventId: event.id,
          type: event.type,
          recordedAt: event.recordedAt,
          fields: encrypted ? personal.fields : Object.keys(personal).sort(byPersonalFieldOrder),
          storedAs: encrypted ? 'encrypted' : 'plaintext',
        });
      }
      if (event.type === 'ContactErased' && erasure === null) {
        const erased = data as ContactErased['data'];
        erasure = {
          erasedAt: erased.erasedAt,
          erasedBy: erased.erasedBy,
          role: event.metadata.actor.role,
          reason: erased.reason,
          eventId: event.id,
          streamName: event.streamName,
          revision: event.revision,
          recordedAt: event.recordedAt,
        };
      }
    }
    if (page.length < PAGE) break;
    after = page[page.length - 1].position;
  }
  const key = await keys.describe(subject);
  const status =
    accountId === null ? 'unknown-contact' : erasure === null ? 'not-erased' : key !== null && key.destroyedAt === null ? 'incomplete' : 'erased';
  return { contactId, subject, accountId, erasure, key, events, status };
}

/** The receipt as lines of text. */
export function formatErasureReceipt(receipt: ErasureReceipt): string[] {
  const { erasure, key } = receipt;
  const heading = `Erasure receipt for contact ${receipt.contactId} (subject ${receipt.subject})`;
  if (receipt.status === 'unknown-contact') return [heading, '  No account stream holds this contact.'];
  const lines = [heading, `  account: ${ACCOUNT_CATEGORY}-${receipt.accountId ?? '?'}`];
  lines.push(
    erasure === null
      ? '  status: NOT ERASED (no ContactErased in the log)'
      : receipt.status === 'incomplete'
        ? '  status: INCOMPLETE: the erasure is recorded but the data key still exists; send the same erase again to destroy it'
        : '  status: erased',
  );
  if (erasure !== null) {
    lines.push(
      `  erased at ${erasure.erasedAt} by ${erasure.erasedBy} (${erasure.role})`,
      `  reason: ${erasure.reason}`,
      `  recorded as ${erasure.streamName} revision ${erasure.revision}, event ${erasure.eventId}, at ${erasure.recordedAt}`,
    );
  }
  lines.push(
    key === null
      ? '  data key: none in the key store'
      : `  data key: ${key.keyId ?? '(none: erased before any encrypted event)'}, created ${key.createdAt}, ${key.destroyedAt === null ? 'NOT destroyed' : `destroyed ${key.destroyedAt}`}`,
    `  personal data held by ${receipt.events.length} event(s):`,
    ...receipt.events.map(
      (event) =>
        `    ${event.streamName} revision ${event.revision} (position ${event.position}) ${event.type} ${event.eventId} recorded ${event.recordedAt}: ${event.fields.join(', ')}; ${
          event.storedAs === 'encrypted'
            ? 'encrypted (aes-256-gcm), unreadable without the key'
            : 'PLAINTEXT (written before encryption): reads as erased, but its bytes remain in the log'
        }`,
    ),
  );
  if (erasure !== null) lines.push('  read models: contact views and contact search scrubbed by the account-views projection from the erasure event; every read shows "[erased]"');
  return lines;
}
