import { applyDecorators, type CallHandler, type ExecutionContext, type NestInterceptor, UseInterceptors } from '@nestjs/common';
import { DECORATORS } from '@nestjs/swagger';
import type { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import { map, type Observable } from 'rxjs';

type DocumentedAnswer = { description?: string; headers?: Record<string, unknown>; content?: Record<string, unknown> };

/**
 * Adds to the OpenAPI description of one answer status, keeping what other decorators of the
 * route documented for it (`@ApiResponse` would replace it whole).
 */
function documentAnswer(status: number, addition: DocumentedAnswer): MethodDecorator {
  return (_target, _key, descriptor) => {
    const answers: Record<number, DocumentedAnswer> = Reflect.getMetadata(DECORATORS.API_RESPONSE, descriptor.value as object) ?? {};
    const current = answers[status] ?? {};
    const headers = { ...current.headers, ...addition.headers };
    const content = { ...current.content, ...addition.content };
    const merged = {
      description: addition.description ?? current.description ?? 'OK',
      ...(Object.keys(headers).length > 0 ? { headers } : {}),
      ...(Object.keys(content).length > 0 ? { content } : {}),
    };
    Reflect.defineMetadata(DECORATORS.API_RESPONSE, { ...answers, [status]: merged }, descriptor.value as object);
    return descriptor;
  };
}

/** A route method that answers `T` (or, for `{ csv: true }`, the CSV stream `sendCsv` gives). */
type AnsweringWith<T> = (...args: never[]) => T | Promise<T>;

/**
 * The decorator that documents a read route's answer as the schema of a named answer type. `Answers`
 * maps schema names to the TypeScript types the routes return; `npm run openapi:answers` derives
 * the schemas from those types, and the compiler holds each route to the type it names.
 */
export function answerDecoratorFor<Answers extends object>() {
  return <Name extends keyof Answers & string>(name: Name, options: { readonly csv?: boolean; readonly status?: number } = {}) =>
    <Method extends AnsweringWith<Answers[Name] | Readable>>(target: object, key: string | symbol, descriptor: TypedPropertyDescriptor<Method>) =>
      documentAnswer(options.status ?? 200, {
        content: {
          'application/json': { schema: { $ref: `#/components/schemas/${name}` } },
          ...(options.csv ? { 'text/csv': { schema: { type: 'string', description: 'The rows as CSV, one per line, after a header line' } } } : {}),
        },
      })(target, key, descriptor) as TypedPropertyDescriptor<Method>;
}

/** The instant of a historical answer (`?asOf=`), which `historical` in its body names. */
const historicalInstant = (answer: unknown): string | undefined => (answer as { historical?: { asOf?: unknown } } | null)?.historical?.asOf as string | undefined;

/** RFC 7089 (Memento): a historical answer says the instant it stands at, as an HTTP date. */
function markHistorical(reply: FastifyReply, answer: unknown): boolean {
  const instant = historicalInstant(answer);
  if (instant === undefined) return false;
  void reply.header('Memento-Datetime', new Date(instant).toUTCString());
  return true;
}

/** Where a record's history is: its stream, `<category>-<id>`, named by the category and the field of the answer holding the id. */
export type HistoryLink = { readonly category: string; readonly idField?: string };

/**
 * Answers a resource's `revision` as its `ETag`, so a client can send `If-Match` with what it read
 * (a historical answer gets none: no command may be made against the past), and links to the
 * record's history (`Link: </audit/streams/<stream>>; rel="history"`).
 */
class ResourceHeadersInterceptor<T> implements NestInterceptor<T, T> {
  constructor(private readonly history: HistoryLink) {}

  intercept(execution: ExecutionContext, next: CallHandler<T>): Observable<T> {
    const reply = execution.switchToHttp().getResponse<FastifyReply>();
    return next.handle().pipe(
      map((resource) => {
        const fields = resource as Record<string, unknown> | null;
        const revision = markHistorical(reply, resource) ? undefined : fields?.revision;
        if (typeof revision === 'number') void reply.header('ETag', `"${revision}"`);
        const id = fields?.[this.history.idField ?? 'id'];
        if (typeof id === 'string') void reply.header('Link', `</audit/streams/${encodeURIComponent(`${this.history.category}-${id}`)}>; rel="history"`);
        return resource;
      }),
    );
  }
}

class HistoricalInterceptor<T> implements NestInterceptor<T, T> {
  intercept(execution: ExecutionContext, next: CallHandler<T>): Observable<T> {
    const reply = execution.switchToHttp().getResponse<FastifyReply>();
    return next.handle().pipe(map((answer) => (markHistorical(reply, answer), answer)));
  }
}

const MEMENTO_HEADER = {
  'Memento-Datetime': { description: 'Only on a historical answer (?asOf=): the instant it stands at (RFC 7089)', schema: { type: 'string' } },
};

/** A read that may answer as of a past instant (`?asOf=`): such an answer carries `Memento-Datetime`. */
export const AnswersHistorically = (): MethodDecorator =>
  applyDecorators(UseInterceptors(new HistoricalInterceptor()), documentAnswer(200, { headers: MEMENTO_HEADER }));

/** A GET of one record: its answer carries `revision`, and the same revision as `ETag`; `Link` names its history. */
export const SendsETag = (history: HistoryLink): MethodDecorator =>
  applyDecorators(
    UseInterceptors(new ResourceHeadersInterceptor(history)),
    documentAnswer(200, {
      description: 'The record; ETag is its revision, for If-Match on the next command (none on a historical answer); Link its history',
      headers: {
        ETag: { description: 'The record\'s stream revision, quoted ("3")', schema: { type: 'string' } },
        Link: { description: 'The record\'s history for auditors: </audit/streams/<stream>>; rel="history"', schema: { type: 'string' } },
      },
    }),
  );
