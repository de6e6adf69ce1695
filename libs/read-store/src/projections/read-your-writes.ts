import {
  applyDecorators,
  type CallHandler,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
  SetMetadata,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiExtension, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Observable } from 'rxjs';
import { formatPosition, parsePosition } from '@ledger/event-sourcing';
import { ProblemException } from '@ledger/platform';
import { ProjectionRuntime } from './projection-runtime';

const READS_FROM = 'read-models:projections';
/** How long a query waits for the projections to reach `minPosition`. */
export const READ_YOUR_WRITES_WAIT_MS = 3000;
/** How many reads one caller (token user, else address) may have waiting for a position at once. */
export const MAX_WAITS_PER_CALLER = 8;

/** The projections a query reads; `minPosition` waits for all of them. */
export const ReadsFrom = (...projections: string[]): MethodDecorator =>
  applyDecorators(SetMetadata(READS_FROM, projections), ApiExtension('x-read-models', projections));

/** Query parameters every read accepts; a query DTO extends this. */
export class ConsistencyQuery {
  @ApiPropertyOptional({ description: 'A `position` from a command answer: wait until this read reflects it (or send X-Min-Position)' })
  @IsOptional()
  @Matches(/^\d{1,20}(\.\d{1,20})?$/, { message: 'minPosition must be a position from a command answer' })
  minPosition?: string;

  @ApiPropertyOptional({ enum: ['fail', 'serve'], default: 'fail', description: 'If still behind after the wait: 503 (fail) or stale data marked X-Read-Model-Stale (serve)' })
  @IsOptional()
  @IsIn(['fail', 'serve'])
  whenBehind?: 'fail' | 'serve';
}

const callerOf = (request: FastifyRequest): string => (request as FastifyRequest & { actor?: { userId: string } }).actor?.userId ?? `ip:${request.ip}`;

@Injectable()
export class ReadYourWritesInterceptor implements NestInterceptor {
  /** Reads waiting for a position, by caller: a client cannot hold more than MAX_WAITS_PER_CALLER of them. */
  private readonly waiting = new Map<string, number>();

  constructor(
    private readonly reflector: Reflector,
    private readonly runtime: ProjectionRuntime,
  ) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const projections = this.reflector.get<string[] | undefined>(READS_FROM, context.getHandler());
    if (!projections) return next.handle();
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const query = (request.query ?? {}) as Record<string, string | undefined>;
    const header = request.headers['x-min-position'];
    const raw = query.minPosition ?? (Array.isArray(header) ? header[0] : header);
    if (raw === undefined) return next.handle();
    const position = parsePosition(raw);
    if (!position) throw new ProblemException(400, 'invalid-min-position', 'minPosition must be a position from a command answer');
    if (await this.waitAsCaller(callerOf(request), reply, () => this.runtime.waitFor(position, projections, READ_YOUR_WRITES_WAIT_MS))) return next.handle();
    const checkpoints = await Promise.all(projections.map((name) => this.runtime.checkpoint(name)));
    const reached = checkpoints.map((checkpoint) => (checkpoint ? formatPosition(checkpoint) : '0')).join(',');
    if (query.whenBehind === 'serve') {
      void reply.header('X-Read-Model-Stale', 'true').header('X-Read-Model-Position', reached);
      return next.handle();
    }
    void reply.header('Retry-After', '1');
    throw new ProblemException(503, 'read-model-behind', `The read model has not reached position ${raw} yet (at ${reached}); retry shortly`, {
      readModelPosition: reached,
    });
  }

  private async waitAsCaller(caller: string, reply: FastifyReply, wait: () => Promise<boolean>): Promise<boolean> {
    const held = this.waiting.get(caller) ?? 0;
    if (held >= MAX_WAITS_PER_CALLER) {
      void reply.header('Retry-After', '1');
      throw new ProblemException(429, 'too-many-waits', `At most ${MAX_WAITS_PER_CALLER} reads of one caller may wait for a minPosition at once; retry when one has answered`);
    }
    this.waiting.set(caller, held + 1);
    try {
      return await wait();
    } finally {
      const left = (this.waiting.get(caller) ?? 1) - 1;
      if (left === 0) this.waiting.delete(caller);
      else this.waiting.set(caller, left);
    }
  }
}
