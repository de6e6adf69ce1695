import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, getSchemaPath, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { ProblemAnswer } from '@ledger/platform';


/** The answer schemas derived from the answer types (`npm run openapi:answers`); `nest build` copies them next to this file. */
const ANSWER_SCHEMAS: Record<string, SchemaObject> = JSON.parse(readFileSync(join(__dirname, 'answer-schemas.json'), 'utf8'));
/** A real answer of each read, by `<method> <path>`, recorded from the demo data by the OpenAPI e2e test (`npm run openapi:examples`). */
const ANSWER_EXAMPLES: Record<string, unknown> = JSON.parse(readFileSync(join(__dirname, 'answer-examples.json'), 'utf8'));

type Operation = OpenAPIObject['paths'][string]['get'] & {
  'x-roles'?: string[];
  'x-read-models'?: string[];
};

const ROLE_NAMES: Record<string, string> = { rep: 'reps', manager: 'managers', admin: 'admins', auditor: 'auditors', analyst: 'analysts' };

/** The problem answers every operation can give, and when it can. */
const PROBLEMS: readonly { status: number; description: string; applies: (operation: Operation, path: string) => boolean }[] = [
  { status: 400, description: 'Invalid input: a path id, query parameter, header or body field (validation-failed, or the code the detail names)', applies: (operation) => (operation.parameters ?? []).length > 0 || operation.requestBody !== undefined },
  { status: 401, description: 'No valid bearer token', applies: (operation) => operation.security !== undefined },
  { status: 403, description: "The caller's role may not do this (forbidden)", applies: (operation) => operation['x-roles'] !== undefined },
  { status: 404, description: 'No such record (its own code, such as quote-not-found)', applies: (_operation, path) => path.includes('{') },
  { status: 429, description: 'Too many requests a minute from this user or address (rate-limited): retry after `Retry-After` seconds', applies: (_operation, path) => !/^\/(health|metrics)\b/.test(path) },
  { status: 503, description: 'A read model had not reached minPosition in time (read-model-behind): retry, or pass whenBehind=serve', applies: (operation) => operation['x-read-models'] !== undefined },
];

function addProblemAnswers(operation: Operation, path: string): void {
  for (const problem of PROBLEMS) {
    if (operation.responses[problem.status] !== undefined || !problem.applies(operation, path)) continue;
    operation.responses[problem.status] = { description: problem.description, content: { 'application/problem+json': { schema: { $ref: getSchemaPath(ProblemAnswer) } } } };
  }
}

/**
 * The document is OpenAPI 3.1, whose schemas are JSON Schema: a field that may be null says so in
 * its type. The request schemas @nestjs/swagger writes still say `nullable: true` (OpenAPI 3.0).
 */
function nullableAsJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(nullableAsJsonSchema);
  if (typeof node !== 'object' || node === null) return node;
  const { nullable, ...rest } = Object.fromEntries(Object.entries(node).map(([key, value]) => [key, nullableAsJsonSchema(value)])) as Record<string, unknown>;
  if (nullable !== true) return nullable === undefined ? rest : { ...rest, nullable };
  if (typeof rest.type === 'string') return { ...rest, type: [rest.type, 'null'], ...(Array.isArray(rest.enum) ? { enum: [...rest.enum, null] } : {}) };
  return { anyOf: [rest, { type: 'null' }] };
}

function addExample(operation: Operation, example: unknown): void {
  if (example === undefined) return;
  const success = Object.entries(operation.responses).find(([status]) => status.startsWith('2'))?.[1] as { content?: Record<string, { example?: unknown }> } | undefined;
  const json = success?.content?.['application/json'];
  if (json) json.example = example;
}

const list = (words: readonly string[]): string => (words.length < 2 ? words.join('') : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`);

/**
 * The description of an operation: what its summary says, then who may call it, what it reads or
 * how it writes, all taken from the route's own metadata so the text cannot drift from the code.
 */
function describe(operation: Operation): string {
  const parameters = (operation.parameters ?? []) as { name?: string; in?: string }[];
  const header = (name: string) => parameters.some((parameter) => parameter.in === 'header' && parameter.name === name);
  const roles = operation['x-roles'];
  const readModels = operation['x-read-models'];
  const paragraphs = [operation.summary ?? ''];
  if (roles) paragraphs.push(`Who may call it: ${list(roles.map((role) => ROLE_NAMES[role] ?? role))}.`);
  else if (operation.security) paragraphs.push('Who may call it: every role.');
  else paragraphs.push('No token needed.');
  if (header('Idempotency-Key')) {
    paragraphs.push(
      'A command: it appends its events to the log and answers `{ id, revision, position }` with the new revision as `ETag`. ' +
        'Send an `Idempotency-Key` to retry safely: the same key answers as the first time and appends nothing.' +
        (header('If-Match') ? ' Send `If-Match` with the `ETag` you read to refuse the change (412) if someone changed the record since.' : ''),
    );
  }
  if (readModels) {
    paragraphs.push(
      `Reads the ${list(readModels)} read model${readModels.length > 1 ? 's' : ''}. ` +
        'Pass a command answer\'s `position` as `minPosition` to wait until the answer reflects that command (read your writes).',
    );
  }
  return paragraphs.join('\n\n');
}

export function setUpOpenApi(app: INestApplication): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Sales ledger')
      .setDescription(
        'Event-sourced B2B sales: commands append events; every answer carries the stream revision (ETag) and the log position. ' +
          'Errors are application/problem+json with a stable `code`.',
      )
      .setVersion('0.1.0')
      .setOpenAPIVersion('3.1.0')
      .addBearerAuth()
      .addApiKey(
        {
          type: 'apiKey',
          in: 'header',
          name: 'Authorization',
          description: 'An API key an admin issued (POST /api-keys): the header value is `ApiKey <id>.<secret>`, as its creation answered',
        },
        'ApiKey',
      )
      .build(),
    { extraModels: [ProblemAnswer] },
  );
  document.components = { ...document.components, schemas: { ...document.components?.schemas, ...ANSWER_SCHEMAS } };
  for (const [path, operations] of Object.entries(document.paths)) {
    for (const method of ['get', 'put', 'post', 'delete', 'patch'] as const) {
      const operation = operations[method] as Operation | undefined;
      if (!operation) continue;
      operation.description = describe(operation);
      // Every route that takes a bearer token takes an API key instead (in the roles it was issued with).
      if (operation.security?.some((requirement) => 'bearer' in requirement)) operation.security = [...operation.security, { ApiKey: [] }];
      addProblemAnswers(operation, path);
      addExample(operation, ANSWER_EXAMPLES[`${method} ${path}`]);
    }
  }
  SwaggerModule.setup('docs', app, nullableAsJsonSchema(document) as OpenAPIObject, { jsonDocumentUrl: 'docs/openapi.json' });
}
