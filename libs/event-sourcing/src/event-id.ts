import { v5 as uuidv5 } from 'uuid';

const EVENT_ID_NAMESPACE = '6f1d7c1e-6a42-4f0b-9a53-0a8e0a6b1c11';

/**
 * Event ids derive from the command id, so a retried append carries the same ids and the store
 * recognises it instead of writing the events twice.
 */
export const eventIdFor = (commandId: string, index: number): string => uuidv5(`${commandId}/${index}`, EVENT_ID_NAMESPACE);

const DERIVED_COMMAND_NAMESPACE = '9c4e2b1a-3d5f-4e8a-b7c6-1f2e3d4c5b6a';

/**
 * The id of a command that follows from something with an id of its own: a second append of the
 * same request, or a process manager's command caused by an event. Derived, so a retry is
 * recognised in the log like any other replayed command.
 */
export const derivedCommandId = (sourceId: string, purpose: string): string =>
  uuidv5(`${purpose}/${sourceId}`, DERIVED_COMMAND_NAMESPACE);
