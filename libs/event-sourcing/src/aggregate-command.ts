import { Inject, Injectable, type Type } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EventStore } from './event-store.port';
import type { CommandContext, CommandResult, WithoutTimeAndActor } from './handle-command';

/** Any domain command of one aggregate, carried on the bus with its context. Subclass it once per aggregate. */
export abstract class AggregateCommandMessage<C> extends Command<CommandResult> {
  constructor(
    readonly command: WithoutTimeAndActor<C>,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** The I/O path of an aggregate's commands: load → checks → authorize → decide → append. */
export type AggregateCommandPath<C> = (store: EventStore, command: WithoutTimeAndActor<C>, context: CommandContext) => Promise<CommandResult>;

/**
 * The bus handler of an aggregate's messages: it runs the aggregate's command path with the event
 * store. Declared, not written, so that no module holds a class whose only job is to pass a command on.
 */
export function aggregateCommandHandler<C>(
  message: Type<AggregateCommandMessage<C>>,
  handle: AggregateCommandPath<C>,
): Type<ICommandHandler<AggregateCommandMessage<C>>> {
  @Injectable()
  @CommandHandler(message)
  class Handler implements ICommandHandler<AggregateCommandMessage<C>> {
    constructor(@Inject(EventStore) private readonly store: EventStore) {}

    execute({ command, context }: AggregateCommandMessage<C>): Promise<CommandResult> {
      return handle(this.store, command, context);
    }
  }
  Object.defineProperty(Handler, 'name', { value: message.name.replace(/CommandMessage$/, 'Handler') });
  return Handler;
}
