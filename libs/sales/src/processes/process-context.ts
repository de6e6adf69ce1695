import { type Observable, OperatorFunction, filter } from 'rxjs';
import { type AllEvent, type CommandContext, derivedCommandId, type Event } from '@ledger/event-sourcing';

/** A recorded event narrowed to one domain event type, metadata and position included. */
export type Recorded<E extends Event> = AllEvent & { readonly type: E['type']; readonly data: E['data'] };

/** Like `ofType` of @nestjs/cqrs, on log events: by their stored type name, never a class. */
export const ofEventType = <E extends Event>(...types: E['type'][]): OperatorFunction<AllEvent, Recorded<E>> =>
  filter((event: AllEvent): event is Recorded<E> => (types as string[]).includes(event.type));

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

export type EventStream = Observable<AllEvent>;
