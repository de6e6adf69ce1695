import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Duplex } from 'node:stream';
import {
  ConcurrencyConflictError,
  DomainError,
  type DomainErrorKind,
  EventIdConflictError,
  IdempotencyKeyReusedError,
  StaleRevisionError,
} from '@ledger/event-sourcing';
import { type ProblemDocument, ProblemException, RequestValidationError, problemType } from './problem';

export const STATUS_BY_KIND: Record<DomainErrorKind, number> = {
  'not-found': 404,
  'already-exists': 409,
  'rule-violated': 422,
  forbidden: 403,
};

/** The code of a refusal by the HTTP layer itself (Nest or Fastify), for the statuses it gives here. */
export const CODE_BY_STATUS: Record<number, string> = {
  400: 'bad-request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not-found',
  413: 'payload-too-large',
  415: 'unsupported-media-type',
};

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Payload Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  431: 'Request Header Fields Too Large',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** Every error leaves as `application/problem+json` with a stable `code`. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Problem');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const problem = this.toProblem(exception);
    problem.instance = request.url;
    // 503 is a state the caller is told to wait out (not ready, read model behind), not a fault.
    if (problem.status === 503) this.logger.warn(`${request.url}: ${problem.detail}`);
    else if (problem.status >= 500) this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    if (problem.status === 401) void reply.header('WWW-Authenticate', 'Bearer');
    // A record that does not exist has no entity tag to offer (currentRevision says -1).
    if (exception instanceof StaleRevisionError && exception.actual >= 0) void reply.header('ETag', `"${exception.actual}"`);
    void reply.status(problem.status).header('Content-Type', 'application/problem+json').send(problem);
  }

  private toProblem(exception: unknown): ProblemDocument {
    if (exception instanceof RequestValidationError) {
      return problem(400, 'validation-failed', 'The request is invalid; see errors', { errors: exception.errors });
    }
    if (exception instanceof ProblemException) {
      return problem(exception.getStatus(), exception.code, exception.message, exception.extensions);
    }
    if (exception instanceof DomainError) {
      return problem(STATUS_BY_KIND[exception.kind], exception.code, exception.message);
    }
    if (exception instanceof StaleRevisionError) {
      return problem(412, 'stale-revision', exception.message, { currentRevision: exception.actual });
    }
    if (exception instanceof ConcurrencyConflictError) {
      return problem(409, 'concurrency-conflict', exception.message);
    }
    if (exception instanceof IdempotencyKeyReusedError) {
      return problem(422, 'idempotency-key-reused', exception.message);
    }
    if (exception instanceof EventIdConflictError) {
      return problem(409, 'idempotency-conflict', exception.message);
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      return problem(status, CODE_BY_STATUS[status] ?? `http-${status}`, messageOf(exception));
    }
    const status = statusOfTransportError(exception);
    if (status !== null && exception instanceof Error) {
      return problem(status, CODE_BY_STATUS[status] ?? `http-${status}`, exception.message);
    }
    return problem(500, 'internal-error', 'Something went wrong on our side; nothing was lost. Retry later.');
  }
}

/** Seconds a client waits before retrying a request refused because this process is shutting down (another instance, or this one restarted, takes it). */
const SHUTDOWN_RETRY_AFTER_SECONDS = 5;

/**
 * Answers Fastify and Node make before any route or hook runs, as problem+json with a stable code
 * and the security headers every other answer carries. Fastify answers a path that is not valid
 * percent-encoding and a path parameter longer than `maxParamLength` (its router's) itself; Node's
 * HTTP parser refuses headers over 16 KB, raw bytes outside ASCII in the request target and a
 * request that never finishes. `options` go to the FastifyAdapter; `securityHeaders` are set once
 * the protections are registered (helmet sets them on every answer that goes through the hooks).
 * While Fastify closes, a request on a connection still open is answered by `refuseWhileClosing`
 * (after helmet's hook) instead of Fastify's own JSON 503.
 */
export class FrameworkAnswers {
  securityHeaders: Readonly<Record<string, string>> = {};

  readonly options = {
    return503OnClosing: false,
    frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply): void => {
      const answer =
        error.code === 'FST_ERR_BAD_URL'
          ? problem(400, 'invalid-url', 'The path is not valid percent-encoded UTF-8')
          : error.code === 'FST_ERR_MAX_PARAM_LENGTH'
            ? problem(414, 'path-parameter-too-long', 'A path parameter is longer than any id this API gives out')
            : problem(500, 'internal-error', 'Something went wrong on our side; nothing was lost. Retry later.');
      if (answer.status >= 500) new Logger('Problem').error(error.stack);
      void reply
        .headers(this.securityHeaders)
        .status(answer.status)
        .header('Content-Type', 'application/problem+json')
        .send({ ...answer, instance: request.url });
    },
    clientErrorHandler: (error: Error & { code?: string }, socket: Duplex): void => {
      if (error.code === 'ECONNRESET' || socket.destroyed) return;
      const answer =
        error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? problem(408, 'request-timeout', 'The request did not arrive in time')
          : error.code === 'HPE_HEADER_OVERFLOW'
            ? problem(431, 'headers-too-large', 'The request headers are larger than 16 KB')
            : problem(400, 'malformed-request', 'The request is not valid HTTP/1.1 (the request target takes only ASCII: percent-encode other bytes)');
      const body = JSON.stringify(answer);
      const headers = Object.entries({ ...this.securityHeaders, 'Content-Type': 'application/problem+json', 'Content-Length': String(Buffer.byteLength(body)), Connection: 'close' });
      if (socket.writable) socket.write(`HTTP/1.1 ${answer.status} ${answer.title}\r\n${headers.map(([name, value]) => `${name}: ${value}\r\n`).join('')}\r\n${body}`);
      socket.destroy(error);
    },
  };

  /** From Fastify's `close` on (Nest's shutdown, after SIGTERM): 503 shutting-down with Retry-After, so a client or load balancer retries elsewhere. */
  refuseWhileClosing(fastify: FastifyInstance): void {
    let closing = false;
    fastify.addHook('preClose', (done) => {
      closing = true;
      done();
    });
    fastify.addHook('onRequest', (request, reply, done) => {
      if (!closing) return done();
      void reply
        .status(503)
        .header('Retry-After', SHUTDOWN_RETRY_AFTER_SECONDS)
        .header('Content-Type', 'application/problem+json')
        .send({ ...problem(503, 'shutting-down', `This process is shutting down; retry in ${SHUTDOWN_RETRY_AFTER_SECONDS} s`), instance: request.url });
    });
  }
}

/**
 * Bodies are JSON: Fastify would parse `text/plain` (and Nest a form, and the multipart plugin a
 * multipart body) on any route, where it then reaches validation as a string or not at all. Another
 * type is refused with 415 before it is read, except multipart on the routes that take files.
 */
export const jsonBodiesOnly =
  (multipartRoutes: readonly string[]) =>
  (request: FastifyRequest, _reply: FastifyReply, done: (error?: Error) => void): void => {
    const type = request.headers['content-type']?.split(';')[0].trim().toLowerCase();
    const allowed = type === undefined || type === 'application/json' || (type === 'multipart/form-data' && multipartRoutes.includes(request.routeOptions.url ?? ''));
    done(allowed ? undefined : new ProblemException(415, 'unsupported-media-type', `A body is application/json here, not ${type || 'an empty type'}`));
  };

/** A problem document with the title of its status, for answers sent outside this filter (a Fastify hook's). */
export function problem(status: number, code: string, detail: string, extensions: Record<string, unknown> = {}): ProblemDocument {
  return { type: problemType(code), title: TITLES[status] ?? 'Error', status, code, detail, ...extensions };
}

function messageOf(exception: HttpException): string {
  const response = exception.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  return Array.isArray(message) ? message.join('; ') : typeof message === 'string' ? message : exception.message;
}

/** Fastify's own errors (malformed JSON, body too large, wrong content type) carry a 4xx statusCode. */
function statusOfTransportError(exception: unknown): number | null {
  const status = (exception as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : null;
}
