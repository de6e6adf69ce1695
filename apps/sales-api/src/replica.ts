import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { problem, type ReplicaMark } from '@ledger/platform';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * An API started on a replayed data folder answers every read as the live one did at that instant,
 * and refuses every change before anything else runs: what it serves is a record of the past.
 */
export function refuseChangesToReplica(fastify: FastifyInstance, replica: ReplicaMark): void {
  fastify.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    if (READS.has(request.method)) return;
    void reply.status(403).header('Content-Type', 'application/problem+json');
    return reply.send({
      ...problem(403, 'read-only-replica', `This API serves the log as it stood at ${replica.until} (salesctl replay): nothing can be changed here.`),
      instance: request.url,
    });
  });
}
