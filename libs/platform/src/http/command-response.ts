import type { FastifyReply } from 'fastify';
import { type CommandResult, formatPosition } from '@ledger/event-sourcing';

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
