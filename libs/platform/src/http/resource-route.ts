import { applyDecorators, type CallHandler, type ExecutionContext, type NestInterceptor, UseInterceptors } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { map, type Observable } from 'rxjs';

/** Answers a resource's `revision` as its `ETag`, so a client can send `If-Match` with what it read. */
class ETagInterceptor<T> implements NestInterceptor<T, T> {
  intercept(execution: ExecutionContext, next: CallHandler<T>): Observable<T> {
    const reply = execution.switchToHttp().getResponse<FastifyReply>();
    return next.handle().pipe(
      map((resource) => {
        const revision = (resource as { revision?: unknown } | null)?.revision;
        if (typeof revision === 'number') void reply.header('ETag', `"${revision}"`);
        return resource;
      }),
    );
  }
}

/** A GET of one record: its answer carries `revision`, and the same revision as `ETag`. */
export const SendsETag = (): MethodDecorator =>
  applyDecorators(
    UseInterceptors(new ETagInterceptor()),
    ApiResponse({
      status: 200,
      description: 'The record; ETag is its revision, for If-Match on the next command',
      headers: { ETag: { description: 'The record\'s stream revision, quoted ("3")', schema: { type: 'string' } } },
    }),
  );
