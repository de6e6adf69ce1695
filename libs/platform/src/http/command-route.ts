import {
  applyDecorators,
  type CallHandler,
  createParamDecorator,
  Delete,
  type ExecutionContext,
  HttpCode,
  type NestInterceptor,
  Patch,
  Post,
  Put,
  UseInterceptors,
} from '@nestjs/common';
import { ApiExtraModels, ApiHeader, ApiOperation, ApiProperty, ApiPropertyOptional, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { map, type Observable } from 'rxjs';
import { type Actor, type CommandContext, type CommandResult, formatPosition } from '@ledger/event-sourcing';
import { type CommandRequest, commandContextFrom, recordIdFor } from './command-context';

/** What every command answers: the record, its revision (also the `ETag`) and the log position of the change. */
export class CommandAnswer {
  @ApiProperty({ description: 'The record the command went to (or made)' })
  id!: string;

  @ApiProperty({ description: "The record's stream revision after the command; send it back as If-Match", example: 3 })
  revision!: number;

  @ApiProperty({ type: String, nullable: true, description: 'Log position of the change; pass it as minPosition to read your write', example: '1024' })
  position!: string | null;

  @ApiPropertyOptional({ description: 'The new line, when the command added one' })
  lineId?: string;
}

/** The body of every error answer (RFC 9457 problem details with a stable `code`). */
export class ProblemAnswer {
  @ApiProperty({ example: 'urn:sales-ledger:problem:validation-failed' }) type!: string;
  @ApiProperty() title!: string;
  @ApiProperty() status!: number;
  @ApiProperty({ description: 'Stable code to branch on', example: 'validation-failed' }) code!: string;
  @ApiProperty() detail!: string;
}

/**
 * The fields of a domain command a request carries: all but its type, its time and actor (from
 * the context) and the ids the path gives. A request DTO `implements` it, so the compiler holds
 * the wire shape and the domain command together.
 */
export type CommandFields<C, PathIds extends keyof C = never> = Omit<C, 'type' | 'at' | 'by' | PathIds>;

type CommandHttpRequest = CommandRequest & { actor?: Actor };

const contexts = new WeakMap<object, CommandContext>();

/** The command context of a request (who, when, which flow, If-Match, Idempotency-Key), made once per request. */
function commandContextOf(request: CommandHttpRequest): CommandContext {
  let context = contexts.get(request);
  if (context === undefined) {
    if (!request.actor) throw new Error('A command route needs an authenticated actor');
    context = commandContextFrom(request, request.actor);
    contexts.set(request, context);
  }
  return context;
}

/** The command context of the request, as a route parameter. */
export const Context = createParamDecorator((_: unknown, execution: ExecutionContext): CommandContext =>
  commandContextOf(execution.switchToHttp().getRequest<CommandHttpRequest>()),
);

/**
 * The id of the record (or contact, or line) a create route makes: derived from the command id,
 * so a retry with the same Idempotency-Key targets the same record instead of making a second one.
 */
export const NewId = createParamDecorator((_: unknown, execution: ExecutionContext): string =>
  recordIdFor(commandContextOf(execution.switchToHttp().getRequest<CommandHttpRequest>()).commandId),
);

export type CommandRouteOptions<Body = unknown> = {
  readonly method?: 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /**
   * The route makes something and answers 201. `'id'` and `'lineId'`: its id is `@NewId()`, answered
   * as `id` (a record, or a part of one such as a contact) or, for a line, as `lineId` beside the
   * record's id. `'record'`: a record the request names itself (a product code, a user id),
   * answered as `id` like any command.
   */
  readonly creates?: 'id' | 'lineId' | 'record';
  /** Where the record is read: `Location: <location>/<the answer's id>`, or a path made from the request body. */
  readonly location?: string | ((body: Body) => string);
};

/** Sets the headers of a command's answer and shapes its body, for every command route alike. */
class CommandAnswerInterceptor<Body> implements NestInterceptor<CommandResult, CommandAnswer> {
  constructor(private readonly options: CommandRouteOptions<Body>) {}

  intercept(execution: ExecutionContext, next: CallHandler<CommandResult>): Observable<CommandAnswer> {
    const http = execution.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const request = http.getRequest<CommandHttpRequest>();
    return next.handle().pipe(
      map((result) => {
        const { creates, location } = this.options;
        const newId = creates === 'id' || creates === 'lineId' ? recordIdFor(commandContextOf(request).commandId) : undefined;
        const answer: CommandAnswer = {
          id: creates === 'id' ? newId! : result.id,
          revision: result.revision,
          position: result.position ? formatPosition(result.position) : null,
        };
        void reply.header('ETag', `"${result.revision}"`);
        if (result.replayed) void reply.header('Idempotent-Replayed', 'true');
        if (typeof location === 'string') void reply.header('Location', `${location}/${answer.id}`);
        // The validation pipe checked the body before the route ran.
        else if (location !== undefined) void reply.header('Location', location(request.body as Body));
        return creates === 'lineId' ? { ...answer, lineId: newId } : answer;
      }),
    );
  }
}

const METHODS = { POST: Post, PUT: Put, PATCH: Patch, DELETE: Delete } as const;

/** Documents a problem answer a route can give beyond those every route of its kind gives. */
export const DocumentsProblem = (status: number, description: string, headers?: Record<string, { description: string; schema: { type: 'string' } }>): MethodDecorator =>
  ApiResponse({ status, description, ...(headers ? { headers } : {}), content: { 'application/problem+json': { schema: { $ref: getSchemaPath(ProblemAnswer) } } } });

/**
 * A command route: the HTTP method and status, the answer (`{ id, revision, position }` with
 * `ETag`, `Location` for a new record, `Idempotent-Replayed` for a retry) and its OpenAPI
 * description with the headers and problem answers every command shares. The route returns what
 * the command bus returns.
 */
export const CommandRoute = <Body = unknown>(path: string, summary: string, options: CommandRouteOptions<Body> = {}): MethodDecorator =>
  applyDecorators(
    METHODS[options.method ?? 'POST'](path),
    HttpCode(options.creates === undefined ? 200 : 201),
    UseInterceptors(new CommandAnswerInterceptor(options)),
    ApiOperation({ summary }),
    ApiExtraModels(ProblemAnswer),
    ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Retries with the same key append nothing and answer as the first time (Idempotent-Replayed: true)' }),
    // A record made at the collection's root has no revision to match yet.
    ...(options.creates !== undefined && path === ''
      ? []
      : [ApiHeader({ name: 'If-Match', required: false, description: 'The ETag the command is based on ("3"), a list of them ("3", "4"), or * (the record exists); 412 if none holds, and a weak tag (W/"3") never does' })]),
    ApiResponse({ status: options.creates === undefined ? 200 : 201, type: CommandAnswer, description: 'Done: the ETag header carries the new revision' }),
    DocumentsProblem(400, 'Invalid input or header (validation-failed, invalid-id, invalid-if-match, invalid-idempotency-key)'),
    DocumentsProblem(401, 'No valid bearer token'),
    DocumentsProblem(403, 'Role or ownership refused (forbidden, not-the-owner)'),
    DocumentsProblem(404, 'No such record (its own code, such as opportunity-not-found)'),
    DocumentsProblem(409, 'The record already exists, or concurrent changes kept conflicting (concurrency-conflict)'),
    DocumentsProblem(412, 'If-Match does not hold: no tag names the current revision, only weak tags were sent, or * for a record that does not exist (stale-revision, with currentRevision)', {
      ETag: { description: 'The current revision, quoted, to retry with (absent when the record does not exist)', schema: { type: 'string' } },
    }),
    DocumentsProblem(422, 'A business rule refused the command (its own code), or an Idempotency-Key was reused for another request (idempotency-key-reused)'),
  );
