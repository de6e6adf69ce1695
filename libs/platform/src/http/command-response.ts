import type { FastifyReply } from 'fastify';
import type { Command, CommandBus } from '@nestjs/cqrs';
import { type Actor, type CommandContext, type CommandResult, formatPosition } from '@ledger/event-sourcing';
import { type CommandRequest, commandContextFrom, recordIdFor } from './command-context';
import type { CommandAnswer } from './command-route';


/** ETag carries the stream revision for the next `If-Match`; a replayed idempotent request says so. */
export function answerCommand(reply: FastifyReply, id: string, result: CommandResult): CommandAnswer {
  void reply.header('ETag', `"${result.revision}"`);
  if (result.replayed) void reply.header('Idempotent-Replayed', 'true');
  return { id, revision: result.revision, position: result.position ? formatPosition(result.position) : null };
}

/** What a command route needs of its HTTP exchange. */
export type CommandExchange = { readonly request: CommandRequest; readonly reply: FastifyReply; readonly actor: Actor };

/** Builds the command with the request's context, runs it on the bus, and answers it like every command. */
export async function runCommand(
  commands: CommandBus,
  exchange: CommandExchange,
  id: string,
  build: (context: CommandContext) => Command<CommandResult>,
): Promise<CommandAnswer> {
  const result = await commands.execute(build(commandContextFrom(exchange.request, exchange.actor)));
  return answerCommand(exchange.reply, id, result);
}

/**
 * A command that makes a record: the record's id derives from the command id (so a retry with the
 * same Idempotency-Key targets the same record), the answer names it, and `location` (a path
 * prefix) points at it.
 */
export async function runCreate(
  commands: CommandBus,
  exchange: CommandExchange,
  build: (newId: string, context: CommandContext) => Command<CommandResult>,
  location?: string,
): Promise<CommandAnswer> {
  const context = commandContextFrom(exchange.request, exchange.actor);
  const newId = recordIdFor(context.commandId);
  const result = await commands.execute(build(newId, context));
  if (location !== undefined) void exchange.reply.header('Location', `${location}/${newId}`);
  return answerCommand(exchange.reply, newId, result);
}
