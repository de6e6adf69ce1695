import type { AllEvent } from '@ledger/event-sourcing';
import type { UpdateSpec, UpsertWrite } from '../read-store.port';

/**
 * The one write of a per-record view: `update` (any operators) plus `updatedAt`, applied only while
 * the document's `_revision` is below the event's, so that replaying an event changes nothing.
 */
export const revisionGuardedUpsert = (collection: string, id: string, update: UpdateSpec, event: AllEvent): UpsertWrite => ({
  op: 'upsert',
  collection,
  id,
  update: { ...update, $set: { ...((update.$set as object | undefined) ?? {}), updatedAt: event.metadata.occurredAt } },
  guard: { field: '_revision', value: event.revision },
});
