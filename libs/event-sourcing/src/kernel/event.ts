/**
 * Events are data: a stable `type` string (the stored name, past tense) and a JSON-safe payload.
 * Domain code builds them with plain object literals; nothing dispatches on a class name.
 */
export type Event<Type extends string = string, Data extends object = object> = {
  readonly type: Type;
  readonly data: Data;
};

/** A person's role, as a token carries it. */
export type Role = 'rep' | 'manager' | 'auditor' | 'analyst' | 'admin';

export const ROLES: readonly Role[] = ['rep', 'manager', 'auditor', 'analyst', 'admin'];

/** Who acts: a person with a role, or the system itself (a process manager), which no token can claim. */
export type ActorRole = Role | 'system';

export type Actor = {
  readonly userId: string;
  readonly role: ActorRole;
};

/** Recorded on every event: who asked for the change, as part of which flow, and when. */
export type EventMetadata = {
  readonly commandId: string;
  readonly correlationId: string;
  readonly causationId: string;
  readonly actor: Actor;
  readonly occurredAt: string;
  readonly schemaVersion: number;
  /** With an Idempotency-Key: a hash of the request, so a key reused for another request is refused. */
  readonly requestHash?: string;
};

/** How a personal field reads once its subject was erased (its data key destroyed). */
export const ERASED_FIELD = '[erased]';
