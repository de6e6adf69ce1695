import { v5 as uuidv5 } from 'uuid';

const EVENT_ID_NAMESPACE = '6f1d7c1e-6a42-4f0b-9a53-0a8e0a6b1c11';

/**
 * Event ids derive from the command id, so a retried append carries the same ids and the store
 * recognises it instead of writing the events twice.
 */
export const eventIdFor = (commandId: string, index: number): string => uuidv5(`${commandId}/${index}`, EVENT_ID_NAMESPACE);
