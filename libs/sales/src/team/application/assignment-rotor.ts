import { aggregateStreams } from '@ledger/event-sourcing';
import { assignmentRotorDecider, assignmentRotorEvents } from '../domain';

/**
 * One rotor per assignment pool (`rotor-team:dustin-brinkmann`, `rotor-region:Central`, `rotor-all`).
 * Its state is its last pick, so only the last event is read: a pick costs the same on the
 * millionth assignment as on the first.
 */
const rotors = aggregateStreams('rotor', assignmentRotorDecider, assignmentRotorEvents);
/** Several API processes may pick in one pool at once; a conflict only means "read the last pick again". */
const ROTOR_ATTEMPTS = 16;

export const rotorStream = rotors.stream;
export const handleRotor: typeof rotors.handle = (store, id, command, context, options) =>
  rotors.handle(store, id, command, context, { maxAttempts: ROTOR_ATTEMPTS, ...options, stateFromLastEvent: true });
