import { type AllEvent, type CommandContext, derivedCommandId } from '@ledger/event-sourcing';

/**
 * The context of a command a process manager issues for an event: its id derives from the event
 * (a replay is recognised), the event is its cause, the flow's correlation id carries on, and the
 * actor says plainly that no person did it.
 */
export const contextFromEvent = (event: AllEvent, processName: string): CommandContext => ({
  commandId: derivedCommandId(event.id, processName),
  correlationId: event.metadata.correlationId,
  causationId: event.id,
  actor: { userId: `process:${processName}`, role: 'system' },
  occurredAt: new Date().toISOString(),
});
