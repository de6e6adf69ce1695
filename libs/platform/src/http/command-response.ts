import type { FastifyReply } from 'fastify';
import type { Command, CommandBus } from '@nestjs/cqrs';
import { type Actor, type CommandContext, type CommandResult, formatPosition } from '@ledger/event-sourcing';
import { type CommandRequest, commandContextFrom } from './command-context';

export type CommandAnswer = {
  id: string;
  revision: number;
  /** Position in the log of the command's last event; pass it as `minPosition` to read your write. */
  position: string | null;
};

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
