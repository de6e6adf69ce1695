import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import ts from 'typescript';
import { newDataDir, removeDataDir, ROOT, type RunningApi, startApi } from './support/api-process';

type Operation = {
  summary?: string;
  description?: string;
  parameters?: { name: string; in: string }[];
  requestBody?: unknown;
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
};
type Document = { paths: Record<string, Partial<Record<'get' | 'post' | 'put' | 'patch' | 'delete', Operation>>>; components: { schemas: Record<string, unknown> } };
type Seen = { path: string; method: 'get' | 'post'; status: number; body: unknown };

const CALLS = join(ROOT, 'test/openapi/client/calls.ts');
const EXAMPLES = join(ROOT, 'apps/sales-api/src/open-api/answer-examples.json');
/** Reads whose answer cannot be recorded in this run: no import is started here. */
const WITHOUT_EXAMPLE = ['get /imports/{id}'];

/** A recorded answer made short enough to read in the documentation: the first items of each list. */
const shortened = (value: unknown): unknown =>
  Array.isArray(value) ? value.slice(0, 3).map(shortened) : typeof value === 'object' && value !== null ? Object.fromEntries(Object.entries(value).map(([key, item]) => [key, shortened(item)])) : value;

let dataDir: string;
let api: RunningApi;
let document: Document;
/** A scratch directory under node_modules, so the generated client resolves `openapi-fetch` as an application would. */
let clientDir: string;

beforeAll(async () => {
  dataDir = newDataDir();
  // The demo data set, so that the recorded examples and the reports have real rows.
  api = await startApi(dataDir, { DEMO_DATA: 'on' });
  await waitUntilReady(api.url);
  document = (await (await fetch(`${api.url}/docs/openapi.json`)).json()) as Document;
  mkdirSync(join(ROOT, 'node_modules/.cache'), { recursive: true });
  clientDir = mkdtempSync(join(ROOT, 'node_modules/.cache/openapi-client-'));
  writeFileSync(join(clientDir, 'openapi.json'), JSON.stringify(document));
  // The generator's command line, as a client project runs it.
  execFileSync(process.execPath, [join(ROOT, 'node_modules/openapi-typescript/bin/cli.js'), join(clientDir, 'openapi.json'), '--output', join(clientDir, 'api.d.ts'), '--default-non-nullable', 'false'], { stdio: 'pipe' });
  cpSync(CALLS, join(clientDir, 'calls.ts'));
}, 120_000);

afterAll(async () => {
  await api?.stop();
  removeDataDir(dataDir);
  rmSync(clientDir, { recursive: true, force: true });
});

async function waitUntilReady(url: string): Promise<void> {
  const deadline = Date.now() + 120_000;
  while ((await fetch(`${url}/health/ready`)).status !== 200) {
    if (Date.now() > deadline) throw new Error('the demo data was not in after two minutes');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

const compile = (ajv: Ajv, schema: unknown) => ajv.compile(JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"openapi#/components/')));

const operations = () =>
  Object.entries(document.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, operation]) => ({ path, method, operation: operation! })));
const headers = (operation: Operation) => (operation.parameters ?? []).filter((parameter) => parameter.in === 'header').map((parameter) => parameter.name);
/** Imports and retrying a process manager's parked events are operations, not commands on one record. */
const isCommand = (method: string, path: string) => method !== 'get' && !path.startsWith('/imports') && !path.startsWith('/projections');

describe('the OpenAPI document', () => {
  it('describes every operation beyond its summary', () => {
    const undescribed = operations().filter(({ operation }) => !operation.description || operation.description === operation.summary);
    expect(undescribed.map(({ method, path }) => `${method} ${path}`)).toEqual([]);
  });

  it('gives every operation the schema of its answer', () => {
    const unanswered = operations().filter(({ operation }) => !Object.entries(operation.responses).some(([status, answer]) => status.startsWith('2') && answer.content !== undefined));
    expect(unanswered.map(({ method, path }) => `${method} ${path}`)).toEqual([]);
  });

  it('documents the problem answers of every route that takes a token', () => {
    const secured = operations().filter(({ path }) => !path.startsWith('/health'));
    const withoutProblems = secured.filter(({ operation }) => operation.responses['401']?.content?.['application/problem+json'] === undefined);
    expect(withoutProblems.map(({ method, path }) => `${method} ${path}`)).toEqual([]);
  });

  it('offers Idempotency-Key on commands and on nothing else', () => {
    const wrong = operations().filter(({ method, path, operation }) => headers(operation).includes('Idempotency-Key') !== isCommand(method, path));
    expect(wrong.map(({ method, path }) => `${method} ${path}`)).toEqual([]);
  });

  it('offers If-Match on commands to a record that exists, not on those that create one', () => {
    expect(headers(document.paths['/opportunities/{id}/stage'].post!)).toContain('If-Match');
    expect(headers(document.paths['/opportunities'].post!)).not.toContain('If-Match');
    expect(headers(document.paths['/opportunities/{id}'].get!)).not.toContain('If-Match');
  });

  it('gives every field of a request body an example, unless it lists its choices, has a default or is another schema', () => {
    type Field = { example?: unknown; enum?: unknown; default?: unknown; $ref?: string; allOf?: unknown; anyOf?: { $ref?: string }[]; items?: { $ref?: string } };
    const bodies = Object.entries(document.components.schemas as Record<string, { properties?: Record<string, Field> }>).filter(([name]) => name.endsWith('Request'));
    const described = (field: Field) =>
      field.example !== undefined || field.enum !== undefined || field.default !== undefined || field.$ref !== undefined || field.allOf !== undefined || field.items?.$ref !== undefined || (field.anyOf ?? []).some((member) => member.$ref !== undefined);
    const bare = bodies.flatMap(([name, schema]) => Object.entries(schema.properties ?? {}).filter(([, field]) => !described(field)).map(([field]) => `${name}.${field}`));
    expect(bare).toEqual([]);
  });

  it('documents the ETag a GET of one record answers', () => {
    expect(document.paths['/quotes/{id}'].get!.responses['200']).toMatchObject({ headers: { ETag: expect.anything() } });
  });
});

describe('the examples of the OpenAPI document', () => {
  const reads = () => operations().filter(({ method, path }) => method === 'get' && !path.startsWith('/health') && !WITHOUT_EXAMPLE.includes(`${method} ${path}`));
  const exampleOf = (operation: Operation) => (operation.responses['200']?.content?.['application/json'] as { example?: unknown } | undefined)?.example;

  it('show a real answer for every read', () => {
    expect(reads().filter(({ operation }) => exampleOf(operation) === undefined).map(({ method, path }) => `${method} ${path}`)).toEqual([]);
  });

  it('match the schemas they illustrate (npm run openapi:examples records them again)', () => {
    const ajv = new Ajv({ strict: false, allErrors: true });
    ajv.addSchema({ $id: 'openapi', components: document.components });
    const recorded = JSON.parse(readFileSync(EXAMPLES, 'utf8')) as Record<string, unknown>;
    const stale = reads().flatMap(({ method, path, operation }) => {
      const validate = compile(ajv, operation.responses['200']!.content!['application/json'].schema);
      return validate(recorded[`${method} ${path}`]) ? [] : [`${method} ${path}: ${ajv.errorsText(validate.errors?.slice(0, 3))}`];
    });
    expect(stale).toEqual([]);
  });
});

describe('a client generated from the OpenAPI document', () => {
  it('type-checks one call per resource, and refuses a field the document does not have', () => {
    const program = ts.createProgram([join(clientDir, 'calls.ts')], {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'],
      types: [],
      skipLibCheck: true,
    });
    const problems = ts.getPreEmitDiagnostics(program).map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
    expect(problems).toEqual([]);
  });

  it('gets answers that match the documented schemas, problems included', async () => {
    const javascript = ts.transpileModule(ts.sys.readFile(join(clientDir, 'calls.ts'))!, {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    }).outputText;
    writeFileSync(join(clientDir, 'calls.js'), javascript);
    const { callEveryResource } = (await import(join(clientDir, 'calls.js'))) as { callEveryResource: (url: string, tokens: Record<string, string>) => Promise<Seen[]> };
    const seen = await callEveryResource(api.url, api.tokens);

    if (process.env.UPDATE_OPENAPI_EXAMPLES === '1') {
      const recorded = seen.filter(({ status }) => status < 300).map(({ method, path, body }) => [`${method} ${path}`, shortened(body)] as const);
      writeFileSync(EXAMPLES, `${JSON.stringify(Object.fromEntries(recorded.reverse()), null, 2)}\n`);
    }
    const ajv = new Ajv({ strict: false, allErrors: true });
    ajv.addSchema({ $id: 'openapi', components: document.components });
    const mismatches = seen.flatMap(({ path, method, status, body }) => {
      const answer = document.paths[path][method]!.responses[String(status)];
      const schema = answer?.content?.['application/json']?.schema ?? answer?.content?.['application/problem+json']?.schema;
      if (schema === undefined) return [`${method} ${path} answered ${status}, which is not documented`];
      const validate = compile(ajv, schema);
      return validate(body) ? [] : [`${method} ${path} ${status}: ${ajv.errorsText(validate.errors?.slice(0, 3))}`];
    });
    expect(mismatches).toEqual([]);
    expect(seen.filter(({ status }) => status >= 400).map(({ method, path, status }) => `${method} ${path} ${status}`)).toEqual(['get /imports/{id} 404', 'get /quotes/{id} 404', 'post /quotes 400']);
  }, 60_000);
});
